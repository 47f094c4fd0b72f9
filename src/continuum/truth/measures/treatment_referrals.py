"""Referrals by source (metrics.md 3; judgement 6): every contract source in the grid, zeros too."""
from __future__ import annotations

import pandas as pd

from continuum.contracts import REFERRAL_SOURCE
from continuum.truth import common
from continuum.truth.tables import SHAPES
from continuum.truth.world import World

SHAPE = SHAPES["treatment_referrals"]


def compute(world: World) -> pd.DataFrame:
    e = world.treatment.copy()
    e["_period"] = common.period_of(e["referral_date"], world.months)
    grid = common.tally_records(
        e, area="la_code", period="_period", areas=world.areas, periods=world.months,
        flags={"referrals": pd.Series(True, index=e.index)},
        extra_key="referral_source", extra_values=REFERRAL_SOURCE,
    )
    return common.finish(SHAPE, grid, period_key="month", periods=world.months, rates={})
