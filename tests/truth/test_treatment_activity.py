"""treatment_activity and treatment_referrals against a hand-worked year of ten episodes.

The cases: a discharge on a month's last day or first day (in treatment and an exit that month, a completion in
W for the next 11 months), TOP latest exactly half / above half / 0 with no start figure, a TOP date
that falls out of W, a person with episodes in two areas (once in ALL), an exit that never started,
a death, zero denominators.
"""
from __future__ import annotations

import pytest

from continuum.contracts import REFERRAL_SOURCE

A, B = "E09000012", "E09000030"
COLUMNS = ("in_treatment", "new_starts", "referrals", "cjs_referrals", "cjs_referral_share", "exits",
           "successful_completions", "successful_completion_rate", "deaths_in_treatment",
           "substantial_progress", "substantial_progress_rate")


def build(truth):
    truth.anchor("2025-01-01")
    # area A
    truth.treatment("p1", referral_date="2025-01-05", referral_source="probation", treatment_start_date="2025-01-10",
                    discharge_date="2025-03-31", discharge_reason="completed_drug_free")
    truth.treatment("p2", referral_date="2025-02-01", treatment_start_date="2025-02-10",
                    top_days_used_start=20, top_days_used_latest=10, top_latest_date="2025-04-15")
    truth.treatment("p3", referral_date="2025-02-01", treatment_start_date="2025-02-10",
                    top_days_used_start=20, top_days_used_latest=11, top_latest_date="2025-04-15")
    truth.treatment("p4", referral_date="2025-02-01", treatment_start_date="2025-02-10",
                    top_days_used_latest=0, top_latest_date="2025-04-15")
    truth.treatment("p8", referral_date="2025-04-28", treatment_start_date="2025-05-01",
                    discharge_date="2025-05-10", discharge_reason="died")
    truth.treatment("p9", referral_date="2025-06-05", treatment_start_date="2025-06-10",
                    discharge_date="2025-07-01", discharge_reason="transferred")  # in treatment in July
    # area B
    truth.treatment("p5", la_code=B, referral_date="2025-01-20", referral_source="gp", treatment_start_date="2025-01-25",
                    top_days_used_start=10, top_days_used_latest=2, top_latest_date="2025-01-31",
                    discharge_date="2025-06-30", discharge_reason="dropped_out")  # not "in treatment at end"
    truth.treatment("p6", la_code=B, referral_date="2025-01-02", treatment_start_date="2025-01-05",
                    top_days_used_start=10, top_days_used_latest=0, top_latest_date="2025-01-06")
    truth.treatment("p7", la_code=B, referral_date="2025-05-03", referral_source="required_assessment",
                    discharge_date="2025-05-20", discharge_reason="declined")
    truth.treatment("p1", la_code=B, provider_code="PR2", referral_date="2025-03-01", treatment_start_date="2025-03-05")
    truth.loaded("2026-01-31")
    return truth.tables()


@pytest.fixture(scope="module")
def tables(new_truth):
    return build(new_truth())


def values(r):
    return tuple(r[c] for c in COLUMNS)


N = None
# (area, month) -> in_treatment, new_starts, referrals, cjs_referrals, share, exits, completions, rate,
#                  deaths, substantial_progress, substantial_progress_rate
EXPECTED = {
    (A, "2025-01-01"): (1, 1, 1, 1, 1.0, 0, 0, N, 0, 0, 0.0),
    (B, "2025-01-01"): (2, 2, 2, 0, 0.0, 0, 0, N, 0, 2, 1.0),
    ("ALL", "2025-01-01"): (3, 3, 3, 1, 1 / 3, 0, 0, N, 0, 2, 2 / 3),
    (A, "2025-02-01"): (4, 3, 3, 0, 0.0, 0, 0, N, 0, 0, 0.0),
    (A, "2025-03-01"): (4, 0, 0, 0, N, 1, 1, 1.0, 0, 1, 0.25),
    (B, "2025-03-01"): (3, 1, 1, 0, 0.0, 0, 0, N, 0, 2, 2 / 3),
    ("ALL", "2025-03-01"): (6, 1, 1, 0, 0.0, 1, 1, 1.0, 0, 3, 0.5),
    (A, "2025-04-01"): (3, 0, 1, 0, 0.0, 0, 0, N, 0, 3, 0.75),
    (B, "2025-04-01"): (3, 0, 0, 0, N, 0, 0, N, 0, 2, 2 / 3),
    ("ALL", "2025-04-01"): (6, 0, 1, 0, 0.0, 0, 0, N, 0, 5, 5 / 6),
    (A, "2025-05-01"): (4, 1, 0, 0, N, 1, 0, 0.0, 1, 3, 0.6),
    (B, "2025-05-01"): (3, 0, 1, 1, 1.0, 1, 0, 0.0, 0, 2, 2 / 3),
    ("ALL", "2025-05-01"): (7, 1, 1, 1, 1.0, 2, 0, 0.0, 1, 5, 5 / 7),
    (B, "2025-06-01"): (3, 0, 0, 0, N, 1, 0, 0.0, 0, 1, 1 / 3),
    (B, "2025-12-01"): (2, 0, 0, 0, N, 0, 0, N, 0, 1, 1 / 3),
    (B, "2026-01-01"): (2, 0, 0, 0, N, 0, 0, N, 0, 0, 0.0),
    (A, "2025-07-01"): (4, 0, 0, 0, N, 1, 0, 0.0, 0, 3, 0.5),
    (A, "2026-01-01"): (3, 0, 0, 0, N, 0, 0, N, 0, 3, 0.5),
}


@pytest.mark.parametrize("area, month", list(EXPECTED))
def test_hand_worked_month(tables, row, area, month):
    r = row(tables["treatment_activity"], la_code=area, month=month)
    assert values(r) == pytest.approx(EXPECTED[(area, month)], abs=1e-15, nan_ok=False)
    assert r["immature_columns"] == ""


def test_full_grid_nothing_immature(tables):
    t = tables["treatment_activity"]
    assert len(t) == 13 * 3  # Jan 2025..Jan 2026 x {A, B, ALL}
    assert (t["immature_columns"] == "").all()
    assert t["in_treatment"].dtype == "int64"


def test_referrals_by_source_grid(tables, row):
    t = tables["treatment_referrals"]
    assert len(t) == 13 * 3 * 11
    jan_a = t[(t["la_code"] == A) & (t["month"].astype(str) == "2025-01-01")]
    assert list(jan_a["referral_source"]) == list(REFERRAL_SOURCE)
    assert dict(zip(jan_a["referral_source"], jan_a["referrals"])) == {s: int(s == "probation") for s in REFERRAL_SOURCE}
    jan_all = t[(t["la_code"] == "ALL") & (t["month"].astype(str) == "2025-01-01")]
    assert dict(zip(jan_all["referral_source"], jan_all["referrals"])) == {
        s: {"probation": 1, "gp": 1, "self": 1}.get(s, 0) for s in REFERRAL_SOURCE}
    assert row(t, la_code=B, month="2025-05-01", referral_source="required_assessment")["referrals"] == 1
    assert (t["immature_columns"] == "").all()
