"""proven_reoffending: offence on I (not counted), I+365 (counted), I+366 (not); disposal on I+547
(counted), I+548 (not); unproven disposals; the second index event in a quarter; ties on the index
date broken by the smaller record key; every cohort's rules; immature quarters keep cohort_size."""
from __future__ import annotations

import pytest

A, B = "E09000012", "E09000030"
IMMATURE = "reoffenders,reoffences,reoffending_rate,reoffending_frequency"
COHORTS = ["positive_test", "cjs_treatment_start", "licence_release", "drr_start", "out_of_court"]


def build(truth):
    truth.anchor("2024-01-01")
    # positive_test, I = 2024-02-01 (area A); a second positive test in B the same quarter does not count.
    truth.custody("p1", tested_at="2024-02-01", cocaine_result="positive")
    truth.custody("p1", tested_at="2024-03-15", suite_la_code=B, opiates_result="positive")
    truth.custody("p1", tested_at="2024-04-10", opiates_result="positive")  # Q2: its own index event
    truth.police("p1", offence_date="2024-02-01", disposal="convicted", disposal_date="2024-03-01")  # on I
    truth.police("p1", offence_date="2024-02-02", disposal="convicted", disposal_date="2025-08-01")  # disposal I+547
    truth.police("p1", offence_date="2024-03-01", disposal="caution", disposal_date="2025-08-02")  # disposal I+548
    truth.police("p1", offence_date="2025-01-31", disposal="community_caution", disposal_date="2025-02-10")  # I+365
    truth.police("p1", offence_date="2025-02-01", disposal="convicted", disposal_date="2025-03-01")  # I+366
    truth.police("p1", offence_date="2024-04-01", disposal="acquitted", disposal_date="2024-05-01")
    # licence_release: two releases the same day; the smaller event_id (in A) is the index.
    truth.probation("p2", event_id="L2", event_date="2024-02-10", event_type="licence_start", la_code=B)
    truth.probation("p2", event_id="L1", event_date="2024-02-10", event_type="licence_start", la_code=A)
    # out_of_court: index date the offence date, area the arrest's; the index record is no reoffence.
    truth.police("p3", offence_date="2024-01-20", arrest_la_code=B, disposal="diversionary_caution",
                 disposal_date="2024-02-01")
    truth.police("p3", offence_date="2024-06-01", disposal="convicted", disposal_date="2024-07-01")
    # cjs_treatment_start: only a started episode from a CJS source.
    truth.treatment("p4", referral_source="drr", referral_date="2024-02-01", treatment_start_date="2024-02-05")
    truth.treatment("p5", referral_source="self", referral_date="2024-02-01", treatment_start_date="2024-02-05")
    truth.treatment("p6", referral_source="probation", referral_date="2024-02-01")
    # drr_start: an order with a DRR; an ATR does not count.
    truth.probation("p7", event_date="2024-03-01", event_type="community_order_start", drug_requirement="drr")
    truth.police("p7", offence_date="2024-03-02", disposal="convicted", disposal_date="2024-04-01")
    truth.police("p7", offence_date="2024-05-01", disposal="caution", disposal_date="2024-05-02")
    truth.probation("p8", event_date="2024-03-01", event_type="suspended_sentence_start", drug_requirement="atr")
    truth.loaded("2025-12-31")
    return truth.tables()["proven_reoffending"]


@pytest.fixture(scope="module")
def table(new_truth):
    return build(new_truth())


def cells(row, table, area, quarter, cohort):
    r = row(table, la_code=area, quarter=quarter, cohort=cohort)
    return (r["cohort_size"], r["reoffenders"], r["reoffences"], r["reoffending_rate"],
            r["reoffending_frequency"], r["immature_columns"])


@pytest.mark.parametrize("area, quarter, cohort, expected", [
    (A, "2024-01-01", "positive_test", (1, 1, 2, 1.0, 2.0, "")),
    (B, "2024-01-01", "positive_test", (0, 0, 0, None, None, "")),
    ("ALL", "2024-01-01", "positive_test", (1, 1, 2, 1.0, 2.0, "")),
    (A, "2024-04-01", "positive_test", (1, 1, 2, 1.0, 2.0, "")),
    (A, "2024-01-01", "licence_release", (1, 0, 0, 0.0, 0.0, "")),
    (B, "2024-01-01", "licence_release", (0, 0, 0, None, None, "")),
    (B, "2024-01-01", "out_of_court", (1, 1, 1, 1.0, 1.0, "")),
    (A, "2024-01-01", "out_of_court", (0, 0, 0, None, None, "")),
    (A, "2024-01-01", "cjs_treatment_start", (1, 0, 0, 0.0, 0.0, "")),
    (A, "2024-01-01", "drr_start", (1, 1, 2, 1.0, 2.0, "")),
    (A, "2024-07-01", "positive_test", (0, None, None, None, None, IMMATURE)),
    (A, "2025-10-01", "drr_start", (0, None, None, None, None, IMMATURE)),
])
def test_hand_worked_cells(table, row, area, quarter, cohort, expected):
    assert cells(row, table, area, quarter, cohort) == expected


def test_grid_has_every_cohort(table):
    assert len(table) == 8 * 3 * 5  # 2024Q1..2025Q4 x {A, B, ALL} x cohorts
    q1_a = table[(table["la_code"] == A) & (table["quarter"].astype(str) == "2024-01-01")]
    assert list(q1_a["cohort"]) == COHORTS


def test_immature_quarter_keeps_cohort_size(new_truth, row):
    truth = new_truth()
    truth.anchor("2024-01-01")
    truth.probation("p1", event_date="2024-08-01", event_type="licence_start")
    truth.police("p1", offence_date="2024-09-01", disposal="convicted", disposal_date="2024-10-01")
    truth.loaded("2025-12-31")  # Q3 2024 ends 30 Sep; + 547 days = 31 Mar 2026 > cut-off
    t = truth.tables()["proven_reoffending"]
    assert cells(row, t, A, "2024-07-01", "licence_release") == (1, None, None, None, None, IMMATURE)
    assert cells(row, t, "ALL", "2024-04-01", "licence_release") == (0, 0, 0, None, None, "")
