"""The DuckDB-safe datasource computes real metrics (the stock SQL datasource returns none on DuckDB).

Exact unexpected counts on a 100,000-row table show the metrics are computed, not defaulted; closing
must release the file so a writer can open it next.
"""
from __future__ import annotations

import duckdb
import pytest

ROWS = 100_000
TOP_29 = sum(1 for i in range(ROWS) if i % 30 == 29)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    import great_expectations as gx

    from continuum.quality import duckdb_datasource as ddb

    path = tmp_path_factory.mktemp("ddb") / "t.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"""CREATE SCHEMA staging;
        CREATE TABLE staging.t AS SELECT i AS id, i % 100 AS dup,
            CASE WHEN i % 10 = 0 THEN NULL ELSE 'a' END AS code,
            CASE WHEN i % 1000 = 0 THEN 'b' ELSE 'a' END AS code2, i % 30 AS top,
            'E09000012' AS la FROM range({ROWS}) t(i)""")
    con.close()
    context = gx.get_context(mode="ephemeral")
    ds = context.data_sources.add_continuum_duckdb(
        "t", connection_string=ddb.duckdb_url(path), kwargs={"connect_args": {"read_only": True}})
    batch = ds.add_table_asset("t", table_name="t", schema_name="staging").add_batch_definition_whole_table("b")
    E = gx.expectations
    suite = context.suites.add(gx.ExpectationSuite("s", expectations=[
        E.ExpectColumnValuesToNotBeNull(column="id"),
        E.ExpectColumnValuesToNotBeNull(column="code"),
        E.ExpectColumnValuesToNotBeNull(column="code", mostly=0.85),
        E.ExpectColumnValuesToNotBeNull(column="code", mostly=0.95),
        E.ExpectColumnValuesToBeUnique(column="id"),
        E.ExpectColumnValuesToBeUnique(column="dup"),
        E.ExpectColumnValuesToBeBetween(column="top", min_value=0, max_value=28),
        E.ExpectColumnValuesToBeInSet(column="code2", value_set=["a"]),
        E.ExpectColumnValuesToBeInSet(column="code2", value_set=["a"], mostly=0.99),
        E.ExpectTableRowCountToEqual(value=ROWS),
        E.ExpectColumnValuesToMatchRegex(column="la", regex=r"^E0[6-9][0-9]{6}$"),
        E.UnexpectedRowsExpectation(unexpected_rows_query="SELECT * FROM {batch} WHERE top > 28"),
    ]))
    vd = context.validation_definitions.add(gx.ValidationDefinition(name="v", data=batch, suite=suite))
    outcome = vd.run(result_format="SUMMARY")
    ds.close()
    ddb.close_all()
    by_id = {r.expectation_config.id: r for r in outcome.results}  # GX does not keep suite order
    ordered = [by_id[e.id] for e in suite.expectations]
    return path, [(r.success, r.result, r.exception_info) for r in ordered]


def test_metrics_are_computed_exactly(results):
    _, res = results
    for success, _result, info in res:  # no expectation errored: each one was evaluated
        assert not any(isinstance(v, dict) and v.get("raised_exception") for v in (info or {}).values())
    summary = [(s, r.get("unexpected_count", r.get("observed_value"))) for s, r, _ in res]
    assert summary == [
        (True, 0),  # id not null
        (False, ROWS // 10),  # code has 10% nulls
        (True, ROWS // 10),  # ... which mostly=0.85 tolerates
        (False, ROWS // 10),  # ... and mostly=0.95 does not
        (True, 0),  # id unique
        (False, ROWS),  # dup: every value repeats
        (False, TOP_29),  # top = i % 30: the 29s are outside 0..28
        (False, ROWS // 1000),  # code2 'b' outside the set
        (True, ROWS // 1000),  # ... within mostly=0.99
        (True, ROWS),  # row count
        (True, 0),  # regex matches every la code
        (False, TOP_29),  # unexpected rows: top = 29
    ]


def test_close_releases_the_file(results):
    path, _ = results
    con = duckdb.connect(str(path))  # read-write: fails if any read-only connection is still open
    con.execute("CREATE TABLE probe AS SELECT 1")
    con.close()
