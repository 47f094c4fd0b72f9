"""continuity_of_care: day 21 engaged, day 22 and the day before release not; only licence releases
with a need count; the person's episode in any area counts; the last month's window is open."""
from __future__ import annotations

A, B = "E09000012", "E09000030"
IMMATURE = "engaged_21d,engaged_21d_rate"


def build(truth):
    truth.anchor("2025-01-01")
    release = dict(event_type="licence_start", substance_misuse_need="Y", prison_code="HMP1")
    truth.probation("p1", event_date="2025-03-10", **release)
    truth.treatment("p1", treatment_start_date="2025-03-31")  # day 21
    truth.probation("p2", event_date="2025-03-10", **release)
    truth.treatment("p2", treatment_start_date="2025-04-01")  # day 22
    truth.treatment("p2", treatment_start_date="2025-03-09")  # the day before release
    truth.probation("p3", event_date="2025-03-15", **{**release, "substance_misuse_need": "N"})
    truth.treatment("p3", treatment_start_date="2025-03-16")
    truth.probation("p4", event_date="2025-03-20", la_code=B, **release)
    truth.treatment("p4", la_code=A, provider_code="PR2", treatment_start_date="2025-03-20")  # day 0
    truth.probation("p5", event_date="2025-03-10", event_type="community_order_start", substance_misuse_need="Y")
    truth.probation("p6", event_date="2025-06-05", **release)
    truth.treatment("p6", treatment_start_date="2025-06-06")
    truth.loaded("2025-06-30")
    return truth.tables()["continuity_of_care"]


def test_engaged_within_21_days(truth, row):
    t = build(truth)
    a = row(t, la_code=A, month="2025-03-01")
    assert (a["releases_with_need"], a["engaged_21d"], a["engaged_21d_rate"], a["immature_columns"]) == (2, 1, 0.5, "")
    b = row(t, la_code=B, month="2025-03-01")
    assert (b["releases_with_need"], b["engaged_21d"], b["engaged_21d_rate"]) == (1, 1, 1.0)
    total = row(t, la_code="ALL", month="2025-03-01")
    assert (total["releases_with_need"], total["engaged_21d"]) == (3, 2)
    assert abs(total["engaged_21d_rate"] - 2 / 3) < 1e-15


def test_zero_rows_and_immature_last_month(truth, row):
    t = build(truth)
    assert len(t) == 6 * 3
    april = row(t, la_code=A, month="2025-04-01")
    assert (april["releases_with_need"], april["engaged_21d"], april["engaged_21d_rate"]) == (0, 0, None)
    may = row(t, la_code=A, month="2025-05-01")  # 31 May + 21 = 21 Jun <= 30 Jun
    assert may["immature_columns"] == "" and may["engaged_21d"] == 0
    june = row(t, la_code=A, month="2025-06-01")
    assert (june["releases_with_need"], june["engaged_21d"], june["engaged_21d_rate"]) == (1, None, None)
    assert june["immature_columns"] == IMMATURE
    assert row(t, la_code=B, month="2025-06-01")["immature_columns"] == IMMATURE
