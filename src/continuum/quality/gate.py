"""The data-quality gate: run the committed suites against a warehouse or a candidate publication.

- `check_staging(warehouse, home, run_id)`: the four staging models and the ingest volume history.
- `check_publication(candidate_db, warehouse, home, run_id)`: the six candidate published tables (in the
  candidate file's `main` schema) plus reconciliation with the warehouse, attached read-only as `wh`.

Both open every file read-only, through `continuum_duckdb` (see duckdb_datasource), and close every
connection before returning, so the next pipeline writer can take the DuckDB lock. Neither raises on bad
data: they return a `GateResult`; call `.raise_for_failures()` to fail the task. A missing table is a
failure ("table exists"), not a crash. Data Docs and validation results accumulate under
`home.data_docs_dir` (see gx_context). GX is imported inside the functions: DAG files may import this.
"""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from continuum.config import EXPECTATIONS_DIR, Home
from continuum.quality.result import Failure, GateResult, QualityGateFailed

__all__ = ["GateResult", "Failure", "QualityGateFailed", "check_staging", "check_publication"]

PARTIAL_UNEXPECTED = 10
KEEP_RUNS = 30  # validation runs kept per suite (a month of nightly runs); see prune_validation_results
EXAMPLES = 5
BATCH_DEFINITION = "whole_table"


@dataclass
class _Source:
    path: Path
    attach: dict[str, str] = field(default_factory=dict)


def check_staging(warehouse: Path, home: Home, run_id: str) -> GateResult:
    """Validate the staging models and ingest volumes of `warehouse` (opened read-only)."""
    return _run_gate("staging", home, run_id, {"warehouse": _Source(Path(warehouse))}, "warehouse")


def check_publication(candidate_db: Path, warehouse: Path, home: Home, run_id: str) -> GateResult:
    """Validate the candidate published tables, and reconcile them with `warehouse` (both read-only)."""
    from continuum.quality.suites import WAREHOUSE_ALIAS

    source = _Source(Path(candidate_db), {WAREHOUSE_ALIAS: str(Path(warehouse).resolve())})
    return _run_gate("publication", home, run_id, {"candidate": source}, "candidate")


def _table_label(meta: dict) -> str:
    if meta["database"] == "warehouse":
        return f"{meta['schema']}.{meta['table']}"
    return meta["table"]


def _expectation_label(config) -> str:
    kwargs = config.kwargs
    if config.type == "unexpected_rows_expectation":
        return f"unexpected_rows_expectation ({config.description or 'custom SQL'})"
    shown = []
    for key in ("column", "column_A", "column_B", "column_list", "min_value", "max_value", "regex", "mostly"):
        if kwargs.get(key) is not None and not (key == "column_list" and config.type.startswith("expect_table")):
            value = kwargs[key]
            shown.append(f"{key}={'+'.join(value) if isinstance(value, list) else value}")
    if "value_set" in kwargs and len(kwargs["value_set"]) <= 6:
        shown.append(f"value_set={kwargs['value_set']}")
    label = f"{config.type}({', '.join(shown)})"
    return f"{label} [{config.description}]" if config.description else label


def _plain(value: Any) -> Any:
    """Dates as ISO strings and rows as plain dicts/lists, so messages read like the data."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _distinct(values: list[Any], limit: int = EXAMPLES) -> list[Any]:
    seen, out = set(), []
    for v in values:
        key = repr(v)
        if key not in seen:
            seen.add(key)
            out.append(v)
        if len(out) == limit:
            break
    return out


def _unexpected_rows(datasource, meta: dict, query: str) -> list[dict]:
    """Re-run a failing unexpected-rows query for a few example rows (GX's SUMMARY format omits them)."""
    import sqlalchemy as sa

    sql = query.replace("{batch}", f"{meta['schema']}.{meta['table']}")
    engine = datasource.get_execution_engine()
    rows = engine.execute_query(sa.text(f"SELECT * FROM ({sql}) AS failing LIMIT {EXAMPLES}"))
    return [dict(r._mapping) for r in rows.fetchall()]


def _examples(result, datasource, meta: dict) -> list[Any]:
    info = result.exception_info or {}
    if info.get("raised_exception") or any(isinstance(v, dict) and v.get("raised_exception")
                                           for v in info.values()):
        messages = [info.get("exception_message")] + [v.get("exception_message") for v in info.values()
                                                     if isinstance(v, dict)]
        return [f"could not run: {str(next(m for m in messages if m)).splitlines()[0]}"]
    res = result.result or {}
    if result.expectation_config.type == "unexpected_rows_expectation":
        try:
            return [_plain(r) for r in _unexpected_rows(datasource, meta,
                                                         result.expectation_config.kwargs["unexpected_rows_query"])]
        except Exception as exc:  # noqa: BLE001 - the count is still worth reporting
            return [f"{res.get('observed_value')} rows ({exc.__class__.__name__} fetching examples)"]
    if res.get("partial_unexpected_list"):
        return _distinct([_plain(v) for v in res["partial_unexpected_list"]])
    if "observed_value" in res:
        return [{"observed_value": res["observed_value"]}]
    return []


def _forget_previous_run(context, gate: str, names: list[str]) -> None:
    """Drop the last run's checkpoint and validation definitions before the datasources are rebuilt.

    They name assets of the previous run's datasource; GX cannot even load them once an asset is gone
    (e.g. a table missing tonight), so they are recreated every run.
    """
    for delete, name in [(context.checkpoints.delete, f"continuum_{gate}_gate")] + [
            (context.validation_definitions.delete, f"{gate}.{n}") for n in names]:
        try:
            delete(name)
        except Exception:  # noqa: BLE001 - absent on a first run
            pass


def _run_gate(gate: str, home: Home, run_id: str, sources: dict[str, _Source], database: str,
              project_root: Path = EXPECTATIONS_DIR) -> GateResult:
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    from continuum.quality import duckdb_datasource as ddb
    from continuum.quality.gx_context import (
        committed_suites,
        get_context,
        load_suites,
        prune_validation_results,
    )

    # GX deprecates a table asset's schema_name in favour of the connection's schema; a DuckDB URL has
    # no schema, and the gate needs several (staging, ingest), so the warning is noise here.
    warnings.filterwarnings("ignore", message="`schema_name` is deprecated", category=DeprecationWarning)
    started = time.perf_counter()
    context = get_context(home)
    t_context = time.perf_counter()
    names = [n for n, s in committed_suites(project_root).items()
             if s["meta"]["continuum"]["database"] == database]
    suites = load_suites(context, names, project_root)
    failures: list[Failure] = []
    evaluated = 0
    docs_index = None
    datasources: dict = {}
    try:
        _forget_previous_run(context, gate, names)
        for name, src in sources.items():
            if name in context.data_sources.all():
                context.data_sources.delete(name)
            datasources[name] = context.data_sources.add_continuum_duckdb(
                name=name, connection_string=ddb.duckdb_url(src.path),
                kwargs={"connect_args": {"read_only": True}}, attach=dict(src.attach))
        definitions, metas = [], {}
        for suite_name in names:
            suite = suites[suite_name]
            meta = suite.meta["continuum"]
            datasource = datasources[meta["database"]]
            asset_name = f"{meta['schema']}.{meta['table']}"
            try:
                try:
                    asset = datasource.get_asset(asset_name)
                except LookupError:
                    asset = datasource.add_table_asset(asset_name, table_name=meta["table"],
                                                       schema_name=meta["schema"])
                try:
                    batch = asset.get_batch_definition(BATCH_DEFINITION)
                except KeyError:
                    batch = asset.add_batch_definition_whole_table(BATCH_DEFINITION)
            except Exception as exc:  # noqa: BLE001 - a missing table fails the gate, it does not crash it
                missing = Failure(_table_label(meta), "table exists", [
                    f"no table {asset_name} in {sources[meta['database']].path.name}"
                    if "does not exist" in str(exc) else str(exc).splitlines()[0]])
                if missing not in failures:  # a table can back two suites (published + reconciliation)
                    failures.append(missing)
                continue
            vd_name = f"{gate}.{suite_name}"
            definitions.append(context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=vd_name, data=batch, suite=suite)))
            metas[suite_name] = meta
        t_setup = t_checked = t_docs = time.perf_counter()
        if definitions:
            checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
                name=f"continuum_{gate}_gate", validation_definitions=definitions, actions=[],
                result_format={"result_format": "SUMMARY", "partial_unexpected_count": PARTIAL_UNEXPECTED}))
            outcome = checkpoint.run(run_id=RunIdentifier(run_name=run_id))
            for suite_result in outcome.run_results.values():
                meta = metas[suite_result.suite_name]
                datasource = datasources[meta["database"]]
                for result in suite_result.results:
                    evaluated += 1
                    if not result.success:
                        failures.append(Failure(_table_label(meta), _expectation_label(result.expectation_config),
                                                _examples(result, datasource, meta)))
            t_checked = time.perf_counter()
            # Data Docs once for the whole run (UpdateDataDocsAction rebuilds the index per suite)
            prune_validation_results(home, KEEP_RUNS)
            context.build_data_docs(resource_identifiers=list(outcome.run_results)
                                    + [ExpectationSuiteIdentifier(name=n) for n in metas])
            t_docs = time.perf_counter()
            urls = context.get_docs_sites_urls()
            if urls and urls[0].get("site_url", "").startswith("file://"):
                docs_index = Path(urls[0]["site_url"][len("file://"):])
        t_finished = time.perf_counter()
    finally:
        for datasource in datasources.values():
            datasource.close()
        ddb.close_all()
    root = Path(context.root_directory)
    return GateResult(
        gate=gate, run_id=run_id, success=not failures, failures=failures, data_docs_index=docs_index,
        validation_results_dir=root / "uncommitted" / "validations", suites=names,
        expectations_evaluated=evaluated,
        seconds={"context": round(t_context - started, 3), "setup": round(t_setup - t_context, 3),
                 "validate": round(t_checked - t_setup, 3), "data_docs": round(t_docs - t_checked, 3),
                 "finish": round(t_finished - t_docs, 3), "total": round(time.perf_counter() - started, 3)},
    )
