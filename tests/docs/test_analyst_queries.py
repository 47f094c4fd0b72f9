"""The analyst guide cannot rot: every `sql` block of docs/analyst-guide.md runs, as written, against a
real warehouse (conftest.py: tests/dbt's hand-written world, every dbt model built), and returns rows
with the columns the guide promises; its Python example runs too."""
from __future__ import annotations

import contextlib
import io
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "analyst-guide.md"

# The guide's example queries, in order, and the columns each returns.
EXPECTED_COLUMNS = [
    ["la_code", "positive_tests", "started_within_90_days", "median_days_to_start"],
    ["la_code", "month", "tests", "positive", "ra_required", "ra_attended", "treatment_started",
     "positive_rate", "ra_attended_rate", "treatment_started_rate"],
    ["person_key", "feed", "record_key", "link_method", "match_probability", "event_date", "la_code",
     "what_happened"],
    ["cohort", "people", "people_followed_up", "reoffenders", "reoffending_rate",
     "reoffences_per_person"],
]


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", GUIDE.read_text(), re.S | re.M)


@pytest.fixture(scope="module")
def results(built_home) -> list[tuple[list[str], list[dict]]]:
    con = duckdb.connect(str(built_home.warehouse), read_only=True)
    try:
        out = []
        for sql in blocks("sql"):
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description]
            out.append((names, [dict(zip(names, r)) for r in cursor.fetchall()]))
        return out
    finally:
        con.close()


def test_every_query_runs_and_returns_the_promised_columns(results):
    assert [names for names, _ in results] == EXPECTED_COLUMNS
    assert all(rows for _, rows in results), [len(rows) for _, rows in results]


def test_median_days_to_treatment_start(results):
    _, rows = results[0]
    by_area = {r["la_code"]: r for r in rows}
    # Hackney: C1 (start on day 90: counted), C2 (day 91: not), C3 (no treatment)
    assert by_area["E09000012"]["positive_tests"] == 3
    assert by_area["E09000012"]["started_within_90_days"] == 1
    assert by_area["E09000012"]["median_days_to_start"] == 90


def test_funnel_for_the_latest_mature_month(results):
    _, rows = results[1]
    # cut-off 2025-05-31: February's 90-day windows close on 2025-05-29, March's after the cut-off
    assert {r["month"] for r in rows} == {date(2025, 2, 1)}
    assert rows[-1]["la_code"] == "ALL"
    assert rows[-1]["treatment_started"] is not None


def test_records_of_one_person(results):
    _, rows = results[2]
    # p1 has the most records: arrests A1, A2, detention C1, episode T1, each found in its fct table
    assert sorted(r["record_key"] for r in rows) == ["A1", "A2", "C1", "T1"]
    assert len({r["person_key"] for r in rows}) == 1
    assert all(r["event_date"] is not None and r["what_happened"] for r in rows), rows


def test_reoffending_by_cohort_lists_every_cohort(results):
    _, rows = results[3]
    assert [r["cohort"] for r in rows] == sorted(
        ["positive_test", "cjs_treatment_start", "licence_release", "drr_start", "out_of_court"])


def test_python_example_runs(built_home):
    (example,) = blocks("python")
    assert '"var/demo/home/warehouse.duckdb"' in example
    code = example.replace('"var/demo/home/warehouse.duckdb"', repr(str(built_home.warehouse)))
    scope: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(GUIDE), "exec"), scope)  # noqa: S102 - the guide's own example
    assert list(scope["funnel"].columns[:2]) == ["la_code", "month"]
    assert "ALL" in printed.getvalue()
    # the example closed its connection: the pipeline can open the warehouse for writing again
    duckdb.connect(str(built_home.warehouse)).close()


def test_readme_python_example_runs(built_home):
    """The README's analyst example (three queries) runs as written against a built warehouse."""
    readme = GUIDE.parents[1] / "README.md"
    examples = [b for b in re.findall(r"^```python\n(.*?)^```", readme.read_text(), re.S | re.M)
                if "warehouse.duckdb" in b]
    assert len(examples) == 1
    code = examples[0].replace('"var/demo/home/warehouse.duckdb"', repr(str(built_home.warehouse)))
    assert code.count("con.sql(") == 3
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(readme), "exec"), {})  # noqa: S102 - the README's own example
    out = printed.getvalue()
    assert "median_days" in out and "reoffending_rate" in out and "ALL" in out
    duckdb.connect(str(built_home.warehouse)).close()
