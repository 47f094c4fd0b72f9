"""Proven reoffending (metrics.md 5; judgement 8): per cohort, each person's first index event in the
quarter, followed up in the police records of the same person."""
from __future__ import annotations

import numpy as np
import pandas as pd

from continuum.contracts import CJS_REFERRAL_SOURCES, PROVEN_DISPOSALS
from continuum.truth import common
from continuum.truth.measures.dtoa_funnel import positive_tests
from continuum.truth.tables import SHAPES
from continuum.truth.world import World

SHAPE = SHAPES["proven_reoffending"]
COHORTS = ("positive_test", "cjs_treatment_start", "licence_release", "drr_start", "out_of_court")
OFFENCE_DAYS = 365
DISPOSAL_DAYS = 547
WINDOW_DAYS = 547
REOFFENCE_COUNTS = ("reoffenders", "reoffences")


def index_events(world: World) -> pd.DataFrame:
    """Every candidate index event: cohort, person_id, index_date, area, record key."""
    def events(cohort, df, date, area, key):
        return pd.DataFrame({"cohort": cohort, "person_id": df["person_id"], "index_date": df[date],
                             "la_code": df[area], "record_key": df[key]})

    t, p, pol = world.treatment, world.probation, world.police
    cjs_starts = t[t["referral_source"].isin(CJS_REFERRAL_SOURCES) & t["treatment_start_date"].notna()]
    drr = p[p["event_type"].isin(("community_order_start", "suspended_sentence_start"))
            & (p["drug_requirement"] == "drr")]
    ooc = pol[pol["disposal"].isin(("diversionary_caution", "community_caution"))]
    parts = [
        events("positive_test", positive_tests(world.custody), "test_date", "suite_la_code", "custody_record_id"),
        events("cjs_treatment_start", cjs_starts, "treatment_start_date", "la_code", "episode_id"),
        events("licence_release", p[p["event_type"] == "licence_start"], "event_date", "la_code", "event_id"),
        events("drr_start", drr, "event_date", "la_code", "event_id"),
        events("out_of_court", ooc, "offence_date", "arrest_la_code", "arrest_id"),
    ]
    return pd.concat(parts, ignore_index=True)


def first_in_quarter(events: pd.DataFrame, quarters: list[common.Period]) -> pd.DataFrame:
    """Earliest index date per person, cohort and quarter; ties to the smallest record key."""
    ev = events[events["index_date"].notna()].copy()
    ev["_period"] = common.period_of(ev["index_date"], quarters)
    ev = ev[ev["_period"].notna()]
    ev = ev.sort_values(["index_date", "record_key"], kind="mergesort")
    return ev.drop_duplicates(["cohort", "person_id", "_period"], keep="first").reset_index(drop=True)


def count_reoffences(index: pd.DataFrame, police: pd.DataFrame) -> pd.Series:
    """Proven reoffences per index event: police records of the person with I < offence <= I + 365,
    a proven disposal, disposed on or before I + 547."""
    proven = police[police["disposal"].isin(PROVEN_DISPOSALS) & police["disposal_date"].notna()]
    left = index[["person_id", "index_date"]].assign(_row=np.arange(len(index)))
    pairs = left.merge(proven[["person_id", "offence_date", "disposal_date"]], on="person_id")
    i = pairs["index_date"]
    hit = ((pairs["offence_date"] > i) & (pairs["offence_date"] <= i + common.days(OFFENCE_DAYS))
           & (pairs["disposal_date"] <= i + common.days(DISPOSAL_DAYS)))
    counts = pairs[hit].groupby("_row").size()
    return pd.Series(counts.reindex(range(len(index)), fill_value=0).to_numpy(), index=index.index)


def compute(world: World) -> pd.DataFrame:
    index = first_in_quarter(index_events(world), world.quarters)
    reoffences = count_reoffences(index, world.police)
    grid = common.tally_records(
        index, area="la_code", period="_period", areas=world.areas, periods=world.quarters,
        flags={"cohort_size": pd.Series(1, index=index.index), "reoffenders": reoffences > 0,
               "reoffences": reoffences},
        extra_key="cohort", extra_values=COHORTS,
    )
    return common.finish(
        SHAPE, grid, period_key="quarter", periods=world.quarters,
        rates={"reoffending_rate": ("reoffenders", "cohort_size"),
               "reoffending_frequency": ("reoffences", "cohort_size")},
        immature=lambda q: REOFFENCE_COUNTS if common.is_immature(q, world.cutoff, WINDOW_DAYS) else (),
    )
