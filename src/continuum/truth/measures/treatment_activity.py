"""Treatment activity (metrics.md 3; judgement 5), month by month and by episode area.

Written as a loop over months with the definitions' own date conditions, rather than as an expansion
of episodes into months, so each line can be read against metrics.md. Distinct-person measures count
a person in every area where they have a qualifying episode, and once in ALL.
"""
from __future__ import annotations

import pandas as pd

from continuum.contracts import CJS_REFERRAL_SOURCES, SUCCESSFUL_COMPLETION
from continuum.truth import common
from continuum.truth.tables import SHAPES
from continuum.truth.world import World

SHAPE = SHAPES["treatment_activity"]
PROGRESS_WINDOW_MONTHS = 12  # W: from the first day of the month 11 months earlier to month end


def progress_window_start(period: common.Period) -> pd.Timestamp:
    return period.start - pd.DateOffset(months=PROGRESS_WINDOW_MONTHS - 1)


def top_improved(episodes: pd.DataFrame) -> pd.Series:
    """Latest TOP use is 0, or at most half the use at start (judgement 5: 2 * latest <= start)."""
    latest = episodes["top_days_used_latest"]
    start = episodes["top_days_used_start"]
    return ((latest == 0) | (start.notna() & (2 * latest <= start))).fillna(False).astype(bool)


def compute(world: World) -> pd.DataFrame:
    ep = world.treatment
    start, disch = ep["treatment_start_date"], ep["discharge_date"]
    successful = ep["discharge_reason"].isin(SUCCESSFUL_COMPLETION)
    improved = top_improved(ep)
    # name -> {(area, month start): distinct people}; `_progress_base` is the rate's denominator.
    people: dict[str, dict] = {n: {} for n in ("in_treatment", "new_starts", "substantial_progress", "_progress_base")}
    for m in world.months:
        ws = progress_window_start(m)
        started_by_end = start.notna() & (start <= m.end)
        in_month = started_by_end & (disch.isna() | (disch >= m.start))
        new = (start >= m.start) & (start <= m.end)
        completed_in_w = successful & (disch >= ws) & (disch <= m.end)
        in_at_end = started_by_end & (disch.isna() | (disch > m.end))
        top_in_w = (ep["top_latest_date"] >= ws) & (ep["top_latest_date"] <= m.end)
        progress = completed_in_w | (in_at_end & top_in_w & improved)
        base = started_by_end & (disch.isna() | (disch >= ws))
        for name, mask in (("in_treatment", in_month), ("new_starts", new),
                           ("substantial_progress", progress), ("_progress_base", base)):
            qualifying = ep.loc[mask.fillna(False).astype(bool), ["person_id", "la_code"]]
            people[name].update(common.tally_people(qualifying, m.start, world.areas))

    e = ep.copy()
    e["_referral_period"] = common.period_of(ep["referral_date"], world.months)
    e["_exit_period"] = common.period_of(ep["discharge_date"], world.months)
    referral_counts = common.tally_records(
        e, area="la_code", period="_referral_period", areas=world.areas, periods=world.months,
        flags={"referrals": pd.Series(True, index=e.index),
               "cjs_referrals": e["referral_source"].isin(CJS_REFERRAL_SOURCES)},
    )
    exit_counts = common.tally_records(
        e, area="la_code", period="_exit_period", areas=world.areas, periods=world.months,
        flags={"exits": pd.Series(True, index=e.index), "successful_completions": successful,
               "deaths_in_treatment": e["discharge_reason"] == "died"},
    )
    grid = referral_counts.merge(exit_counts, on=["la_code", "_period"], how="outer")
    for name, counts in people.items():
        grid[name] = [counts[(a, s)] for a, s in zip(grid["la_code"], grid["_period"])]
    grid = grid.set_index(["la_code", "_period"]).reindex(
        pd.MultiIndex.from_product([world.areas, [m.start for m in world.months]], names=["la_code", "_period"])
    ).reset_index()
    return common.finish(
        SHAPE, grid, period_key="month", periods=world.months,
        rates={
            "cjs_referral_share": ("cjs_referrals", "referrals"),
            "successful_completion_rate": ("successful_completions", "exits"),
            "substantial_progress_rate": ("substantial_progress", "_progress_base"),
        },
    )
