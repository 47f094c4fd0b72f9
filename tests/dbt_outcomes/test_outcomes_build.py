"""A real dbt build of the treatment, re-presentation and reoffending marts over a hand-written
raw warehouse (outcomes_world.py), checked against values computed by hand.

One build (staging, linked facts, reporting models, the four marts, their data and unit tests);
then a copy of the warehouse where the treatment feed is a day late is rebuilt from the cut-off on.
"""
from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "dbt"))  # raw_fixture
sys.path.insert(0, str(HERE))

import outcomes_world  # noqa: E402
from dbt_invoke import dbt  # noqa: E402
from outcomes_world import H, N, T  # noqa: E402

MARTS = ("treatment_activity", "treatment_referrals", "non_re_presentation", "proven_reoffending")
IMMATURE_NRP = "not_re_presented,not_re_presented_rate"
IMMATURE_REOFF = "reoffenders,reoffences,reoffending_rate,reoffending_frequency"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("dbt_outcomes")
    warehouse = work / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    outcomes_world.build(con)
    con.close()
    dbt(warehouse, work, "build", "--indirect-selection", "cautious", "--threads", "4",
        "--select", *(f"+{m}+" for m in MARTS))
    return warehouse


@pytest.fixture(scope="module")
def treatment_a_day_late(built, tmp_path_factory) -> Path:
    """The same world without treatment's 2025-09-30 file: cut-off 2025-09-29."""
    work = tmp_path_factory.mktemp("dbt_outcomes_late")
    warehouse = work / "warehouse.duckdb"
    shutil.copy(built, warehouse)
    con = duckdb.connect(str(warehouse))
    con.execute("delete from ingest.file_loads where feed = 'treatment' and extract_date = '2025-09-30'")
    con.close()
    dbt(warehouse, work, "run", "--select",
        *(f"int_cutoff_dates_computed+,+{m}" for m in MARTS))
    return warehouse


def rows(warehouse: Path, sql: str, *params) -> list[dict]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()


def cell(warehouse: Path, table: str, **key) -> dict:
    where = " and ".join(f"{k} = ?" for k in key)
    found = rows(warehouse, f"select * from outcomes.{table} where {where}", *key.values())
    assert len(found) == 1, (table, key, found)
    return found[0]


def d(text: str) -> date:
    return date.fromisoformat(text)


# ---------------------------------------------------------------------------------------- shape

def test_published_columns_in_order(built):
    expected = {
        "treatment_activity": ["la_code", "month", "in_treatment", "new_starts", "referrals",
                               "cjs_referrals", "cjs_referral_share", "exits",
                               "successful_completions", "successful_completion_rate",
                               "deaths_in_treatment", "substantial_progress",
                               "substantial_progress_rate", "immature_columns"],
        "treatment_referrals": ["la_code", "month", "referral_source", "referrals",
                                "immature_columns"],
        "non_re_presentation": ["la_code", "quarter", "successful_completions",
                                "not_re_presented", "not_re_presented_rate", "immature_columns"],
        "proven_reoffending": ["la_code", "quarter", "cohort", "cohort_size", "reoffenders",
                               "reoffences", "reoffending_rate", "reoffending_frequency",
                               "immature_columns"],
    }
    for table, columns in expected.items():
        got = rows(built, "select column_name, data_type from information_schema.columns "
                          "where table_schema = 'outcomes' and table_name = ? "
                          "order by ordinal_position", table)
        assert [r["column_name"] for r in got] == columns
        for r in got:
            name, kind = r["column_name"], r["data_type"]
            if name.endswith(("_rate", "_share", "_frequency")):
                assert kind == "DOUBLE", (table, name)
            elif name in ("month", "quarter"):
                assert kind == "DATE", (table, name)
            elif name in ("la_code", "referral_source", "cohort", "immature_columns"):
                assert kind == "VARCHAR", (table, name)
            else:
                assert kind == "BIGINT", (table, name)


def test_full_grids(built):
    # 4 areas; January 2024 to September 2025 = 21 months; Q1 2024 to Q3 2025 = 7 quarters
    counts = {r["t"]: r["n"] for r in rows(built, """
        select 'ta' as t, count(*) as n, count(distinct (la_code, month)) as k from outcomes.treatment_activity
        union all select 'tr', count(*), count(distinct (la_code, month, referral_source)) from outcomes.treatment_referrals
        union all select 'nrp', count(*), count(distinct (la_code, quarter)) from outcomes.non_re_presentation
        union all select 'pr', count(*), count(distinct (la_code, quarter, cohort)) from outcomes.proven_reoffending
    """)}
    assert counts == {"ta": 4 * 21, "tr": 4 * 21 * 11, "nrp": 4 * 7, "pr": 4 * 7 * 5}
    areas = rows(built, "select distinct la_code from outcomes.proven_reoffending order by 1")
    assert [a["la_code"] for a in areas] == sorted(["ALL", H, T, N])
    months = rows(built, "select min(month) as lo, max(month) as hi from outcomes.treatment_activity")
    assert months == [{"lo": d("2024-01-01"), "hi": d("2025-09-01")}]


def test_record_counts_add_up_to_all(built):
    bad = rows(built, """
        select month, sum(referrals) filter (where la_code <> 'ALL') as areas,
               max(referrals) filter (where la_code = 'ALL') as total
        from outcomes.treatment_activity group by month having areas <> total
    """)
    assert bad == []


# ------------------------------------------------------------------------- treatment_activity

def test_treatment_activity_month_edges(built):
    # March 2024 in Hackney: T1 discharged on the 31st (in treatment, an exit, a completion) and T3
    march = cell(built, "treatment_activity", la_code=H, month=d("2024-03-01"))
    assert (march["in_treatment"], march["exits"], march["successful_completions"],
            march["successful_completion_rate"]) == (2, 1, 1, 1.0)
    # April: p1 gone (discharged before the month), p2 still in
    assert cell(built, "treatment_activity", la_code=H, month=d("2024-04-01"))["in_treatment"] == 1
    # Newham, May 2024: T5 discharged on the 1st (died) is still in treatment that month
    may = cell(built, "treatment_activity", la_code=N, month=d("2024-05-01"))
    assert (may["in_treatment"], may["exits"], may["deaths_in_treatment"],
            may["successful_completions"], may["successful_completion_rate"]) == (1, 1, 1, 0, 0.0)
    # ALL, February 2024: p1 and p2 in treatment; p2 a new start; T3 a CJS referral
    feb = cell(built, "treatment_activity", la_code="ALL", month=d("2024-02-01"))
    assert (feb["in_treatment"], feb["new_starts"], feb["referrals"], feb["cjs_referrals"],
            feb["cjs_referral_share"]) == (2, 1, 1, 1, 1.0)
    # an empty cell: zeros, null rates, nothing immature
    empty = cell(built, "treatment_activity", la_code=T, month=d("2024-01-01"))
    assert (empty["in_treatment"], empty["referrals"], empty["cjs_referral_share"],
            empty["successful_completion_rate"], empty["substantial_progress_rate"],
            empty["immature_columns"]) == (0, 0, None, None, None, "")
    assert rows(built, "select distinct immature_columns from outcomes.treatment_activity") == [
        {"immature_columns": ""}]


def test_substantial_progress(built):
    # October 2024, W = Nov 2023..Oct 2024: completions of p1 (T1, H) and p2 (T3, H) are in W.
    # Denominator: H {p1, p2}, T {p1 (T2)}, N {p3}; ALL {p1, p2, p3}, p1 counted once.
    oct_ = {r["la_code"]: r for r in rows(built, "select * from outcomes.treatment_activity "
                                                 "where month = '2024-10-01'")}
    assert (oct_[H]["substantial_progress"], oct_[H]["substantial_progress_rate"]) == (2, 1.0)
    assert (oct_[T]["substantial_progress"], oct_[T]["substantial_progress_rate"]) == (0, 0.0)
    assert (oct_[N]["substantial_progress"], oct_[N]["substantial_progress_rate"]) == (0, 0.0)
    assert oct_["ALL"]["substantial_progress"] == 2
    assert oct_["ALL"]["substantial_progress_rate"] == pytest.approx(2 / 3)
    # May 2025, W = Jun 2024..May 2025: p2's completion (30 June 2024) is in W; p1's TOP review
    # (15 June 2025) is not yet. Denominator {p1, p2}.
    may = cell(built, "treatment_activity", la_code="ALL", month=d("2025-05-01"))
    assert (may["substantial_progress"], may["substantial_progress_rate"]) == (1, 0.5)
    # June 2025, W = Jul 2024..Jun 2025: p1's TOP review, exactly half, counts; p2 was
    # discharged the day before W and is in neither part.
    june = cell(built, "treatment_activity", la_code="ALL", month=d("2025-06-01"))
    assert (june["substantial_progress"], june["substantial_progress_rate"]) == (1, 1.0)


def test_treatment_referrals(built):
    got = rows(built, "select la_code, month, referral_source, referrals "
                      "from outcomes.treatment_referrals where referrals > 0 order by all")
    assert got == sorted([
        {"la_code": la, "month": d(m), "referral_source": s, "referrals": 1}
        for la, m, s in [(H, "2024-01-01", "required_assessment"), (H, "2024-02-01", "probation"),
                         (N, "2024-03-01", "prison"), (T, "2024-09-01", "self"),
                         (H, "2024-12-01", "gp")]
        for la in (la, "ALL")
    ], key=lambda r: (r["la_code"], r["month"], r["referral_source"]))


# ------------------------------------------------------------------------ non_re_presentation

def test_non_re_presentation(built):
    # Q1 2024: T1 completed 31 March, p1 referred again on day 182 -> re-presented
    q1 = cell(built, "non_re_presentation", la_code=H, quarter=d("2024-01-01"))
    assert (q1["successful_completions"], q1["not_re_presented"], q1["not_re_presented_rate"],
            q1["immature_columns"]) == (1, 0, 0.0, "")
    # Q2 2024: T3 completed 30 June, p2 referred again on day 183 -> not re-presented
    q2 = cell(built, "non_re_presentation", la_code="ALL", quarter=d("2024-04-01"))
    assert (q2["successful_completions"], q2["not_re_presented"],
            q2["not_re_presented_rate"]) == (1, 1, 1.0)
    # a death is not a completion
    n_q2 = cell(built, "non_re_presentation", la_code=N, quarter=d("2024-04-01"))
    assert (n_q2["successful_completions"], n_q2["not_re_presented_rate"]) == (0, None)
    # Q1 2025 ends 182 days before 2025-09-29 <= cut-off: mature; Q2 2025 is not
    assert cell(built, "non_re_presentation", la_code="ALL",
                quarter=d("2025-01-01"))["immature_columns"] == ""
    q2_25 = cell(built, "non_re_presentation", la_code="ALL", quarter=d("2025-04-01"))
    assert (q2_25["successful_completions"], q2_25["not_re_presented"],
            q2_25["not_re_presented_rate"], q2_25["immature_columns"]) == (0, None, None,
                                                                           IMMATURE_NRP)


# ------------------------------------------------------------------------- proven_reoffending

def reoffending(warehouse: Path, quarter: str) -> dict:
    return {(r["la_code"], r["cohort"]): (r["cohort_size"], r["reoffenders"], r["reoffences"],
                                          r["reoffending_rate"], r["reoffending_frequency"],
                                          r["immature_columns"])
            for r in rows(warehouse, "select * from outcomes.proven_reoffending where quarter = ?",
                          d(quarter))}


def test_proven_reoffending_q1_2024(built):
    # Q1 2024 ends 2024-03-31; + 547 = 2025-09-29 <= cut-off: mature
    q = reoffending(built, "2024-01-01")
    # p4: C1 (H) is the first test of the quarter, C2 (T) does not count; A2 and A4 are proven
    # reoffences, A1 (offence on I), A3 (day 366) and A5 (disposal on day 548) are not
    assert q[(H, "positive_test")] == (1, 1, 2, 1.0, 2.0, "")
    assert q[(T, "positive_test")] == (0, 0, 0, None, None, "")
    assert q[("ALL", "positive_test")] == (1, 1, 2, 1.0, 2.0, "")
    # T1 (p1, required assessment) and T3 (p2, probation): no police records
    assert q[(H, "cjs_treatment_start")] == (2, 0, 0, 0.0, 0.0, "")
    # p5: A6 (offence 2024-05-01) is a reoffence after both the licence and the DRR order
    assert q[(T, "licence_release")] == (1, 1, 1, 1.0, 1.0, "")
    assert q[(T, "drr_start")] == (1, 1, 1, 1.0, 1.0, "")
    assert q[("ALL", "out_of_court")] == (0, 0, 0, None, None, "")


def test_proven_reoffending_q2_2024_immature(built):
    q = reoffending(built, "2024-04-01")
    # A6 arrested in Newham; T5 (p3, prison) started 2024-04-01 in Newham
    assert q[(N, "out_of_court")] == (1, None, None, None, None, IMMATURE_REOFF)
    assert q[(N, "cjs_treatment_start")] == (1, None, None, None, None, IMMATURE_REOFF)
    assert q[("ALL", "positive_test")] == (0, None, None, None, None, IMMATURE_REOFF)


# ------------------------------------------------------------------------------ a day late

def test_a_feed_a_day_late(built, treatment_a_day_late):
    late = treatment_a_day_late
    assert rows(late, "select cutoff_date from intermediate.int_cutoff_dates_computed") == [
        {"cutoff_date": d("2025-09-29")}]
    # September 2025 and Q3 2025 no longer end on or before the cut-off: not listed
    for table, period, last in [("treatment_activity", "month", "2025-08-01"),
                                ("treatment_referrals", "month", "2025-08-01"),
                                ("non_re_presentation", "quarter", "2025-04-01"),
                                ("proven_reoffending", "quarter", "2025-04-01")]:
        assert rows(late, f"select max({period}) as last from outcomes.{table}") == [
            {"last": d(last)}], table
    # Q1 2024 (+ 547 = 2025-09-29) and Q1 2025 (+ 182 = 2025-09-29) are mature exactly on it
    assert reoffending(late, "2024-01-01")[("ALL", "positive_test")] == (1, 1, 2, 1.0, 2.0, "")
    assert cell(late, "non_re_presentation", la_code="ALL",
                quarter=d("2025-01-01"))["immature_columns"] == ""
