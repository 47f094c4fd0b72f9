"""The reporting frame shared by every table: the cut-off from loaded deliveries only, a feed a day
late pulling it back (a month unpublished, a window immature), the period start, areas from every
feed, and nothing published while a feed has never loaded."""
from __future__ import annotations

from continuum.config import PUBLISHED_TABLES
from continuum.truth.tables import SHAPES

A, B, C, D = "E09000012", "E09000030", "E08000033", "E08000035"


def months(table):
    return sorted(set(table["month"].astype(str)))


def build(truth, *, custody_late: bool, cutoff: str, day_before: str):
    truth.anchor("2025-01-01")
    truth.probation("p1", event_date="2025-05-10", event_type="licence_start", substance_misuse_need="Y")
    for feed in ("police", "treatment", "probation"):
        truth.delivery(feed, "2025-01-31")
        truth.delivery(feed, cutoff)
    truth.delivery("custody", "2025-01-31")
    if custody_late:
        truth.delivery("custody", day_before)
        truth.delivery("custody", cutoff, status="waiting", late_days=1)
    else:
        truth.delivery("custody", cutoff)
    truth.delivery("police", "2025-12-31", status="rejected")  # a rejected file never moves the cut-off
    return truth.tables()


def test_a_day_late_feed_unpublishes_a_month(new_truth):
    on_time = build(new_truth(), custody_late=False, cutoff="2025-06-30", day_before="2025-06-29")
    late = build(new_truth(), custody_late=True, cutoff="2025-06-30", day_before="2025-06-29")
    assert months(on_time["treatment_activity"])[-1] == "2025-06-01"
    assert months(late["treatment_activity"])[-1] == "2025-05-01"
    assert months(late["treatment_activity"])[0] == "2025-01-01"


def test_a_day_late_feed_makes_a_window_immature(new_truth, row):
    on_time = build(new_truth(), custody_late=False, cutoff="2025-06-21", day_before="2025-06-20")
    late = build(new_truth(), custody_late=True, cutoff="2025-06-21", day_before="2025-06-20")
    # May ends 31 May; + 21 days = 21 June: mature with the cut-off on 21 June, not on 20 June.
    may = row(on_time["continuity_of_care"], la_code=A, month="2025-05-01")
    assert (may["releases_with_need"], may["engaged_21d"], may["immature_columns"]) == (1, 0, "")
    may_late = row(late["continuity_of_care"], la_code=A, month="2025-05-01")
    assert (may_late["releases_with_need"], may_late["engaged_21d"]) == (1, None)
    assert may_late["immature_columns"] == "engaged_21d,engaged_21d_rate"


def test_period_start_is_when_every_feed_has_begun_and_areas_come_from_every_feed(truth):
    # treatment's history extract carries an episode open since 2023 and probation an order from 2024-06;
    # police begins 2024-11-03 and custody 2024-12-05: the grid starts in December 2024, when all four
    # feeds have events, and the open cases' areas are still areas of the grid
    truth.treatment("p3", referral_date="2023-03-01", treatment_start_date="2023-03-10", la_code=D)
    truth.probation("p2", event_date="2024-06-10", event_type="community_order_start", la_code=A)
    truth.police("p1", offence_date="2024-11-02", arrest_at="2024-11-03T01:00:00", arrest_la_code=B,
                 home_la_code=C)
    truth.custody("p1", detained_at="2024-12-05T10:00:00", suite_la_code=B)
    truth.loaded("2025-03-31")
    t = truth.tables()
    assert months(t["dtoa_funnel"]) == ["2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01"]
    assert sorted(set(t["non_re_presentation"]["quarter"].astype(str))) == ["2024-10-01", "2025-01-01"]
    assert list(dict.fromkeys(t["dtoa_funnel"]["la_code"])) == [C, D, A, B, "ALL"]  # sorted codes, then ALL
    # the open episode counts from the first month of the grid on
    ta = t["treatment_activity"]
    assert ta.loc[(ta["la_code"] == D) & (ta["month"].astype(str) == "2024-12-01"), "in_treatment"].tolist() == [1]


def test_nothing_published_until_every_feed_has_loaded(truth):
    truth.anchor("2025-01-01")
    for feed in ("police", "custody", "treatment"):
        truth.delivery(feed, "2025-06-30")
    truth.delivery("probation", "2025-06-30", status="waiting")
    tables = truth.tables()
    assert list(tables) == list(PUBLISHED_TABLES)
    for name, table in tables.items():
        assert table.empty and list(table.columns) == list(SHAPES[name].all_columns)
