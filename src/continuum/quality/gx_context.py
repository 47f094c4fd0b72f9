"""The GX context a gate run uses, and the committed suites loaded into it.

Why two projects: `expectations/` (EXPECTATIONS_DIR) is the committed, reviewed project -- suites only.
A run needs datasources pointing at this Home's files, validation definitions, checkpoints, validation
results and Data Docs; writing those into the repository would dirty the tree (and two Homes would
overwrite each other). So each Home has its own file-mode project under `home.data_docs_dir`, and every
run copies the committed suite files into it first: the gate always runs exactly what is committed
(except a candidate published under non-default disclosure settings, whose disclosure-dependent
suites are generated for those settings by the same code: see `load_suites`).
"""
from __future__ import annotations

import json
from pathlib import Path

from continuum.config import EXPECTATIONS_DIR, Home


def committed_suites(project_root: Path = EXPECTATIONS_DIR) -> dict[str, dict]:
    """Suite name -> suite JSON as committed under `<project_root>/gx/expectations/`."""
    directory = Path(project_root) / "gx" / "expectations"
    suites = {}
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text())
        suites[data["name"]] = data
    if not suites:
        raise FileNotFoundError(f"no expectation suites under {directory}; run "
                                "`python -m continuum.quality.build_suites`")
    return suites


def runtime_project_dir(home: Home) -> Path:
    return home.data_docs_dir


def get_context(home: Home):
    """A file-mode context rooted in the Home (Data Docs: `<data_docs_dir>/gx/uncommitted/data_docs/`).

    Imports `duckdb_datasource` first so the `continuum_duckdb` datasource type is registered before GX
    reads a great_expectations.yml that names it.
    """
    import great_expectations as gx

    from continuum.quality import duckdb_datasource  # noqa: F401  (registers the datasource type)

    root = runtime_project_dir(home)
    root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(root))
    if context.variables.progress_bars is None:
        # tqdm bars per validation would flood Airflow task logs
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        context.variables.save()
    return context


def load_suites(context, names: list[str], project_root: Path = EXPECTATIONS_DIR,
                overrides: dict[str, dict] | None = None) -> dict:
    """Copy the named committed suites into the context; returns name -> stored ExpectationSuite.

    `overrides` (name -> suite JSON) replaces committed suites for this run: the publication gate's
    suites generated for a candidate's non-default disclosure settings (the committed ones are for
    the defaults, and a test keeps them equal to the generator's output)."""
    import great_expectations as gx

    committed = committed_suites(project_root)
    missing = [n for n in names if n not in committed]
    if missing:
        raise KeyError(f"suites not committed under {project_root}: {', '.join(missing)}")
    loaded = {}
    for name in names:
        source = (overrides or {}).get(name, committed[name])
        suite = gx.ExpectationSuite(**json.loads(json.dumps(source)))
        loaded[name] = context.suites.add_or_update(suite)
    return loaded


def prune_validation_results(home: Home, keep: int) -> int:
    """Keep each suite's `keep` newest validation runs; returns how many runs were deleted.

    Why: GX's Data Docs index loads every stored validation result on each build, so a nightly gate
    would get slower forever. Results live at `validations/<suite...>/<run_name>/<run_time>/<batch>.json`;
    run times are sortable UTC stamps. The site builder drops the pages of deleted results.
    """
    import shutil

    store = runtime_project_dir(home) / "gx" / "uncommitted" / "validations"
    if keep < 1 or not store.exists():
        return 0
    runs_by_suite: dict[Path, set[Path]] = {}
    for result in store.rglob("*.json"):
        run_time_dir = result.parent
        runs_by_suite.setdefault(run_time_dir.parent.parent, set()).add(run_time_dir)
    deleted = 0
    for runs in runs_by_suite.values():
        for old in sorted(runs, key=lambda p: p.name, reverse=True)[keep:]:
            shutil.rmtree(old)
            deleted += 1
            if not any(old.parent.iterdir()):
                old.parent.rmdir()
    return deleted
