"""Continuity of care (metrics.md 2; judgement 4): releases on licence with a substance misuse need,
by month of release and the licence's area, and whether the person started treatment within 21 days."""
from __future__ import annotations

import pandas as pd

from continuum.truth import common
from continuum.truth.tables import SHAPES
from continuum.truth.world import World

SHAPE = SHAPES["continuity_of_care"]
ENGAGED_DAYS = 21


def compute(world: World) -> pd.DataFrame:
    p = world.probation
    releases = p[(p["event_type"] == "licence_start") & (p["substance_misuse_need"] == "Y")].copy()
    releases["_period"] = common.period_of(releases["event_date"], world.months)
    engaged = common.any_match(releases, "event_date", world.treatment, "treatment_start_date", ENGAGED_DAYS)
    grid = common.tally_records(
        releases, area="la_code", period="_period", areas=world.areas, periods=world.months,
        flags={"releases_with_need": pd.Series(True, index=releases.index), "engaged_21d": engaged},
    )
    return common.finish(
        SHAPE, grid, period_key="month", periods=world.months,
        rates={"engaged_21d_rate": ("engaged_21d", "releases_with_need")},
        immature=lambda period: ("engaged_21d",) if common.is_immature(period, world.cutoff, ENGAGED_DAYS) else (),
    )
