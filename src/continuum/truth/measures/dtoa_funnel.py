"""Drug testing on arrest funnel (metrics.md 1; judgement 3): custody records by month of test and
custody suite area, followed into treatment by the person's episodes in any area."""
from __future__ import annotations

import pandas as pd

from continuum.truth import common
from continuum.truth.tables import SHAPES
from continuum.truth.world import World

SHAPE = SHAPES["dtoa_funnel"]
RA_ATTENDED_DAYS = 28
TREATMENT_STARTED_DAYS = 90


def positive_tests(custody: pd.DataFrame) -> pd.DataFrame:
    """Tested records with either result positive -- shared with the reoffending `positive_test`
    cohort so both tables agree on what a positive test is. A positive result on a record whose
    `test_reason` is `not_tested` is not a test, so not a positive test."""
    return custody[is_tested(custody) & _is_positive(custody)]


def is_tested(custody: pd.DataFrame) -> pd.Series:
    return (custody["test_reason"] != "not_tested") & custody["test_date"].notna()


def _is_positive(custody: pd.DataFrame) -> pd.Series:
    return (custody["cocaine_result"] == "positive") | (custody["opiates_result"] == "positive")


def compute(world: World) -> pd.DataFrame:
    c = world.custody.copy()
    c["_period"] = common.period_of(c["test_date"], world.months)
    tested = is_tested(c)
    cocaine = tested & (c["cocaine_result"] == "positive")
    opiates = tested & (c["opiates_result"] == "positive")
    positive = cocaine | opiates
    ra_required = positive & (c["ra_required"] == "Y")
    followed = c[ra_required]  # only Required Assessments are followed into treatment

    def person_has(column: str, window: int) -> pd.Series:
        hit = common.any_match(followed, "test_date", world.treatment, column, window)
        return hit.reindex(c.index, fill_value=False)

    ra_attended = person_has("assessment_date", RA_ATTENDED_DAYS)
    started = person_has("treatment_start_date", TREATMENT_STARTED_DAYS)
    grid = common.tally_records(
        c, area="suite_la_code", period="_period", areas=world.areas, periods=world.months,
        flags={
            "tests": tested, "positive": positive,
            "positive_cocaine_only": cocaine & ~opiates, "positive_opiates_only": opiates & ~cocaine,
            "positive_both": cocaine & opiates, "ra_required": ra_required,
            "ra_attended": ra_attended, "treatment_started": started,
        },
    )

    def immature(period: common.Period) -> tuple[str, ...]:
        out = []
        if common.is_immature(period, world.cutoff, RA_ATTENDED_DAYS):
            out.append("ra_attended")
        if common.is_immature(period, world.cutoff, TREATMENT_STARTED_DAYS):
            out.append("treatment_started")
        return tuple(out)

    return common.finish(
        SHAPE, grid, period_key="month", periods=world.months, immature=immature,
        rates={
            "positive_rate": ("positive", "tests"),
            "ra_attended_rate": ("ra_attended", "ra_required"),
            "treatment_started_rate": ("treatment_started", "ra_required"),
        },
    )
