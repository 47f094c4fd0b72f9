"""Non-re-presentation (metrics.md 4; judgement 7): successful completions by quarter of discharge
and episode area, and whether the person came back within 182 days under any other episode."""
from __future__ import annotations

import pandas as pd

from continuum.contracts import SUCCESSFUL_COMPLETION
from continuum.truth import common
from continuum.truth.tables import SHAPES
from continuum.truth.world import World

SHAPE = SHAPES["non_re_presentation"]
RE_PRESENTATION_DAYS = 182


def compute(world: World) -> pd.DataFrame:
    ep = world.treatment
    done = ep[ep["discharge_reason"].isin(SUCCESSFUL_COMPLETION) & ep["discharge_date"].notna()].copy()
    done["_period"] = common.period_of(done["discharge_date"], world.quarters)
    re_presented = common.any_match(done, "discharge_date", ep, "referral_date", RE_PRESENTATION_DAYS,
                                    exclude_same="episode_id")
    grid = common.tally_records(
        done, area="la_code", period="_period", areas=world.areas, periods=world.quarters,
        flags={"successful_completions": pd.Series(True, index=done.index), "not_re_presented": ~re_presented},
    )
    return common.finish(
        SHAPE, grid, period_key="quarter", periods=world.quarters,
        rates={"not_re_presented_rate": ("not_re_presented", "successful_completions")},
        immature=lambda q: ("not_re_presented",) if common.is_immature(q, world.cutoff, RE_PRESENTATION_DAYS) else (),
    )
