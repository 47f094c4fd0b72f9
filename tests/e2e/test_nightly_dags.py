"""The nightly chain through the real Airflow DAGs (`airflow dags test`) on a small noise-free world,
with the published tables checked against values computed independently from the ground truth."""
from __future__ import annotations

import duckdb
import pytest

from continuum.config import PUBLISHED_TABLES, Home
from continuum.orchestration.local import DAG_ORDER, run_chain

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dag_home(tmp_path_factory, tiny_world):
    home = Home(tmp_path_factory.mktemp("dag_home")).ensure()
    outcomes = run_chain(home, tiny_world / "landing", echo=lambda *_: None)
    failed = [o.dag_id for o in outcomes if o.returncode != 0]
    log = (home.logs_dir / "airflow-cli.log").read_text(errors="replace")
    assert not failed, f"DAG runs failed: {failed}\n{log[-6000:]}"
    assert [o.dag_id for o in outcomes] == list(DAG_ORDER)
    return home


def test_every_table_published_in_duckdb_and_parquet(dag_home):
    con = duckdb.connect(str(dag_home.published_db), read_only=True)
    try:
        for table in PUBLISHED_TABLES:
            n_db = con.execute(f"select count(*) from {table}").fetchone()[0]
            parquet = dag_home.published_parquet_dir / f"{table}.parquet"
            n_pq = con.execute(f"select count(*) from read_parquet('{parquet}')").fetchone()[0]
            assert n_db > 0 and n_db == n_pq, table
    finally:
        con.close()


def test_published_dtoa_funnel_matches_ground_truth(dag_home, tiny_world):
    from continuum.truth.compare import compare_tables, load_published
    from continuum.truth.expected import expected_tables

    expected = expected_tables(tiny_world / "truth")
    published = load_published(dag_home.published_db)
    report = compare_tables({"dtoa_funnel": expected["dtoa_funnel"]}, {"dtoa_funnel": published["dtoa_funnel"]})
    assert report.ok, report.summary()
    # the comparison must have had something to compare: published, non-withheld, non-zero counts
    funnel = published["dtoa_funnel"]
    assert (funnel["tests"].fillna(0) > 0).any()


def test_warehouse_outcomes_equal_truth_on_a_noise_free_world(dag_home, tiny_world):
    from continuum.truth.compare import compare_tables, load_warehouse_outcomes
    from continuum.truth.expected import expected_tables

    report = compare_tables(expected_tables(tiny_world / "truth"), load_warehouse_outcomes(dag_home.warehouse))
    assert report.ok, report.summary()


def test_demo_verdict_reports_every_cell_equal_on_a_noise_free_world(dag_home, tiny_world):
    from continuum.truth.verdict import against_truth

    text, within = against_truth(tiny_world / "truth", dag_home.published_db, dag_home.warehouse)
    assert within, text
    line = next(x for x in text.splitlines() if "warehouse outcome tables" in x)
    equal, total = (int(n.replace(",", "")) for n in line.split(":")[1].split("cells")[0].split(" of "))
    assert total > 1000 and equal == total, text
    assert "person-linkage mistakes" not in text


IDENTIFYING = ("pnc_id", "surname", "forenames", "date_of_birth", "postcode", "crn", "client_ref", "initials",
               "arrest_id", "custody_record_id", "episode_id", "event_id", "order_ref")


def test_no_identifier_from_the_inputs_appears_in_any_published_column(dag_home, tiny_world):
    """Every value of every identifying input column, and every person_key, is looked for in every
    column of every published table (DuckDB and Parquet): none may appear."""
    import csv

    from continuum.contracts import CONTRACTS

    identifiers: set[str] = set()
    for feed, contract in CONTRACTS.items():
        columns = [c for c in contract.column_names if c in IDENTIFYING or c == contract.key]
        for path in (tiny_world / "landing" / feed).glob("*.csv"):
            with path.open(newline="", encoding="utf-8-sig") as fh:
                for row in csv.DictReader(fh):
                    identifiers.update(row[c].strip() for c in columns if row.get(c, "").strip())
    con = duckdb.connect(str(dag_home.warehouse), read_only=True)
    try:
        identifiers.update(k for (k,) in con.execute("select distinct person_key from linkage.person_records")
                           .fetchall())
    finally:
        con.close()
    assert len(identifiers) > 1000  # the scan has something to look for

    con = duckdb.connect(str(dag_home.published_db), read_only=True)
    try:
        sources = [(t, t) for t in PUBLISHED_TABLES] + [
            (f"{t}.parquet", f"read_parquet('{dag_home.published_parquet_dir / (t + '.parquet')}')")
            for t in PUBLISHED_TABLES]
        for label, source in sources:
            columns = [r[0] for r in con.execute(f"describe select * from {source}").fetchall()]
            assert not set(columns) & set(IDENTIFYING), (label, columns)
            assert "person_key" not in columns, label
            for column in columns:
                values = {str(v) for (v,) in con.execute(
                    f'select distinct cast("{column}" as varchar) from {source}').fetchall() if v is not None}
                leaked = values & identifiers
                assert not leaked, f"{label}.{column} publishes input identifiers: {sorted(leaked)[:5]}"
    finally:
        con.close()
