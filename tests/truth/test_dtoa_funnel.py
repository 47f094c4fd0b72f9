"""dtoa_funnel against hand-computed values: day 28/29 for attendance, day 90/91 for a start, the
person's episodes in another area, a test late on the month's last day, immaturity by window."""
from __future__ import annotations

A, B = "E09000012", "E09000030"

IMMATURE_BOTH = "ra_attended,treatment_started,ra_attended_rate,treatment_started_rate"


def build(truth):
    truth.anchor("2025-01-01")
    # p1: attends on day 28 and starts on day 90, at a provider in another area.
    truth.custody("p1", tested_at="2025-01-10", cocaine_result="positive", ra_required="Y")
    truth.treatment("p1", la_code=B, assessment_date="2025-02-07", treatment_start_date="2025-04-10")
    # p2: day 29 and day 91 are too late; an episode the day before the test is too early.
    truth.custody("p2", tested_at="2025-01-10", opiates_result="positive", ra_required="Y")
    truth.treatment("p2", assessment_date="2025-02-08", treatment_start_date="2025-04-11")
    truth.treatment("p2", assessment_date="2025-01-09", treatment_start_date="2025-01-09")
    # p3: positive for both, no Required Assessment: not followed up.
    truth.custody("p3", tested_at="2025-01-20", cocaine_result="positive", opiates_result="positive")
    truth.treatment("p3", assessment_date="2025-01-21", treatment_start_date="2025-01-22")
    # p4: negative at 23:30 on 31 January -- still January.
    truth.custody("p4", tested_at="2025-01-31")
    # p5: detained, not tested; p7: a test time recorded but the reason says not tested.
    truth.custody("p5", detained_at="2025-01-12T09:00:00")
    truth.custody("p7", tested_at="2025-01-15", test_reason="not_tested", cocaine_result="not_tested",
                  opiates_result="not_tested")
    # p6: June, positive, RA; attendance window still open at the cut-off.
    truth.custody("p6", tested_at="2025-06-15", cocaine_result="positive", ra_required="Y")
    truth.treatment("p6", assessment_date="2025-06-20")
    truth.loaded("2025-06-30")
    return truth.tables()["dtoa_funnel"]


def test_funnel_counts_and_windows(truth, row):
    t = build(truth)
    jan = row(t, la_code=A, month="2025-01-01")
    assert str(jan.pop("month")) == "2025-01-01"
    assert jan == dict(
        la_code=A, tests=4, positive=3,
        positive_cocaine_only=1, positive_opiates_only=1, positive_both=1, ra_required=2, ra_attended=1,
        treatment_started=1, positive_rate=0.75, ra_attended_rate=0.5, treatment_started_rate=0.5,
        immature_columns="",
    )
    jan_all = row(t, la_code="ALL", month="2025-01-01")
    assert (jan_all["tests"], jan_all["positive"], jan_all["ra_attended"], jan_all["treatment_started"]) == (4, 3, 1, 1)


def test_grid_zero_rows_and_null_rates(truth, row):
    t = build(truth)
    assert len(t) == 6 * 3  # Jan..Jun x {A, B, ALL}
    b = row(t, la_code=B, month="2025-01-01")
    assert (b["tests"], b["positive"], b["ra_required"], b["ra_attended"]) == (0, 0, 0, 0)
    assert b["positive_rate"] is None and b["ra_attended_rate"] is None and b["immature_columns"] == ""


def test_immaturity_follows_each_window(truth, row):
    t = build(truth)
    march = row(t, la_code=A, month="2025-03-01")  # 31 Mar + 90 = 29 Jun <= 30 Jun: mature
    assert march["treatment_started"] == 0 and march["immature_columns"] == ""
    april = row(t, la_code=A, month="2025-04-01")  # 30 Apr + 90 > 30 Jun
    assert april["ra_attended"] == 0 and april["treatment_started"] is None
    assert april["immature_columns"] == "treatment_started,treatment_started_rate"
    june = row(t, la_code=A, month="2025-06-01")
    assert (june["tests"], june["positive"], june["ra_required"], june["positive_rate"]) == (1, 1, 1, 1.0)
    assert june["ra_attended"] is None and june["ra_attended_rate"] is None
    assert june["immature_columns"] == IMMATURE_BOTH
    assert row(t, la_code=B, month="2025-06-01")["immature_columns"] == IMMATURE_BOTH
