"""non_re_presentation: a referral on day 182 is a re-presentation, day 183 is not; the episode's own
referral never is; another provider or area counts; immature quarters."""
from __future__ import annotations

A, B = "E09000012", "E09000030"
IMMATURE = "not_re_presented,not_re_presented_rate"


def build(truth):
    truth.anchor("2025-01-01")
    done = dict(discharge_reason="completed_drug_free", treatment_start_date="2025-01-05", referral_date="2025-01-03")
    truth.treatment("p1", discharge_date="2025-02-01", **done)
    truth.treatment("p1", referral_date="2025-08-02")  # day 182: re-presented
    truth.treatment("p2", discharge_date="2025-02-01", **{**done, "discharge_reason": "completed_occasional_user"})
    truth.treatment("p2", referral_date="2025-08-03")  # day 183
    truth.treatment("p2", referral_date="2025-01-31")  # before the discharge
    # p3: referred and discharged the same day -- its own referral is in the window but is not "other".
    truth.treatment("p3", referral_date="2025-03-10", discharge_date="2025-03-10", discharge_reason="completed_drug_free")
    truth.treatment("p4", la_code=B, discharge_date="2025-03-15", **done)
    truth.treatment("p4", la_code=A, provider_code="PR2", referral_date="2025-03-15")  # day 0, elsewhere
    truth.treatment("p5", discharge_date="2025-02-20", discharge_reason="dropped_out", referral_date="2025-01-03")
    truth.treatment("p6", discharge_date="2025-07-10", **done)
    truth.loaded("2025-12-31")
    return truth.tables()["non_re_presentation"]


def test_re_presentation_window(truth, row):
    t = build(truth)
    a = row(t, la_code=A, quarter="2025-01-01")
    assert (a["successful_completions"], a["not_re_presented"], a["immature_columns"]) == (3, 2, "")
    assert abs(a["not_re_presented_rate"] - 2 / 3) < 1e-15
    b = row(t, la_code=B, quarter="2025-01-01")
    assert (b["successful_completions"], b["not_re_presented"], b["not_re_presented_rate"]) == (1, 0, 0.0)
    total = row(t, la_code="ALL", quarter="2025-01-01")
    assert (total["successful_completions"], total["not_re_presented"], total["not_re_presented_rate"]) == (4, 2, 0.5)


def test_quarters_zero_rows_and_immaturity(truth, row):
    t = build(truth)
    assert len(t) == 4 * 3
    q2 = row(t, la_code=A, quarter="2025-04-01")  # 30 Jun + 182 = 29 Dec <= 31 Dec
    assert (q2["successful_completions"], q2["not_re_presented"], q2["not_re_presented_rate"], q2["immature_columns"]) \
        == (0, 0, None, "")
    q3 = row(t, la_code=A, quarter="2025-07-01")
    assert (q3["successful_completions"], q3["not_re_presented"], q3["not_re_presented_rate"]) == (1, None, None)
    assert q3["immature_columns"] == IMMATURE
    assert row(t, la_code=B, quarter="2025-10-01")["immature_columns"] == IMMATURE
