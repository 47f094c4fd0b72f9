"""Every dbt model and every column it returns is documented.

`dbt parse` (real dbt, in-process) writes target/manifest.json; the documented columns of each model
come from there, and the columns each model really returns from the warehouse built by conftest.py
(every model run by the pipeline's dbt entry point over tests/dbt's hand-written world)."""
from __future__ import annotations

import json
import os

import duckdb
import pytest

from continuum.config import DBT_PROJECT_DIR


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    from dbt.cli.main import dbtRunner

    tmp = tmp_path_factory.mktemp("dbt_parse")
    saved = {k: os.environ.get(k) for k in ("CONTINUUM_WAREHOUSE", "DBT_SEND_ANONYMOUS_USAGE_STATS")}
    os.environ["CONTINUUM_WAREHOUSE"] = str(tmp / "never_opened.duckdb")
    # not set here: dbt_project.yml's flags must turn usage statistics off by themselves
    os.environ.pop("DBT_SEND_ANONYMOUS_USAGE_STATS", None)
    try:
        result = dbtRunner().invoke([
            "parse", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"), "--quiet",
        ])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert result.success, f"dbt parse failed: {result.exception}"
    return json.loads((tmp / "target" / "manifest.json").read_text())


@pytest.fixture(scope="module")
def models(manifest) -> dict[str, dict]:
    found = {n["name"]: n for n in manifest["nodes"].values()
             if n["resource_type"] == "model" and n["package_name"] == "continuum"}
    assert len(found) >= 25, sorted(found)  # the project's models were really parsed
    return found


def test_every_model_has_a_description(models):
    missing = sorted(name for name, node in models.items() if not node["description"].strip())
    assert missing == []


def test_every_documented_column_has_a_description(models):
    missing = sorted(f"{name}.{column}" for name, node in models.items()
                     for column, spec in node["columns"].items() if not spec["description"].strip())
    assert missing == []


def test_documented_columns_are_the_columns_each_model_returns(models, built_home):
    con = duckdb.connect(str(built_home.warehouse), read_only=True)
    try:
        actual: dict[tuple[str, str], list[str]] = {}
        for schema, table, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
            " order by table_schema, table_name, ordinal_position"
        ).fetchall():
            actual.setdefault((schema, table), []).append(column)
    finally:
        con.close()
    problems = []
    for name, node in sorted(models.items()):
        returned = actual.get((node["schema"], node["alias"] or name))
        if returned is None:
            problems.append(f"{node['schema']}.{name}: not in the built warehouse")
            continue
        documented = list(node["columns"])
        undocumented = [c for c in returned if c not in documented]
        stale = [c for c in documented if c not in returned]
        if undocumented or stale:
            problems.append(f"{name}: undocumented {undocumented}, documented but not returned {stale}")
    assert problems == []


def test_usage_statistics_are_off_in_the_project_itself(manifest):
    # dbt_project.yml's `flags` turn them off with no environment variable set, so dbt neither sends
    # them nor writes dbt_project/.user.yml (an anonymous id) on every invocation
    assert manifest["metadata"]["send_anonymous_usage_stats"] is False
