"""Secondary withholding: an attacker with every identity of the published tables recovers nothing."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from continuum.publish.disclosure import apply_disclosure, apply_disclosure_tables
from continuum.config import PUBLISHED_TABLES
from continuum.publish.suppression import Identity, protect

RATE_COLUMNS = {"positive_rate", "ra_attended_rate", "treatment_started_rate", "engaged_21d_rate",
                "cjs_referral_share", "successful_completion_rate", "substantial_progress_rate",
                "not_re_presented_rate", "reoffending_rate", "reoffending_frequency"}


def primary_only(world, COLUMNS):
    """What publishing with primary withholding alone would look like: the attacker's control."""
    out = {}
    for t, df in world.items():
        df = df.copy()
        flags = [[] for _ in range(len(df))]
        for col in COLUMNS[t][2:]:
            if col in RATE_COLUMNS or col in ("referral_source", "cohort"):
                continue
            small = df[col].between(1, 4).to_numpy()
            for i in np.flatnonzero(small):
                flags[i].append(col)
            df.loc[small, col] = None
        df["withheld_columns"] = [",".join(f) for f in flags]
        out[t] = df
    return out


def test_attacker_recovers_values_when_only_primary_withholding_is_applied(world, kit):
    recovered = kit.recover(primary_only(world, kit.COLUMNS), world)
    tables = {cell[0] for cell, _, _ in recovered}
    assert len(recovered) > 20 and {"dtoa_funnel", "treatment_referrals", "proven_reoffending"} <= tables


def test_no_withheld_value_is_recoverable_from_the_tables_published_together(world, kit):
    published = apply_disclosure_tables(world)
    assert kit.recover(published, world) == []
    assert sum(s.count(",") + 1 for df in published.values() for s in df["withheld_columns"] if s) > 50


@pytest.mark.parametrize("table", PUBLISHED_TABLES)
def test_no_withheld_value_is_recoverable_within_each_table_alone(world, kit, table):
    published = apply_disclosure(table, world[table])
    assert kit.recover({table: published}, {table: world[table]}) == []


@pytest.mark.parametrize("seed", range(16))
def test_random_small_grids_leak_nothing(kit, seed):
    rng = np.random.default_rng(1000 + seed)
    world = kit.make_world(seed=seed, n_areas=int(rng.integers(1, 6)), n_quarters=int(rng.integers(1, 3)),
                       immature=bool(seed % 2), small=float(rng.uniform(0.1, 0.6)))
    published = apply_disclosure_tables(world)
    assert kit.recover(published, world) == []
    for t, df in published.items():  # every value still shown is the exact one
        keys = [c for c in kit.COLUMNS[t] if c in ("la_code", "month", "quarter", "referral_source", "cohort")]
        exact = world[t].assign(**{k: world[t][k].astype(str) for k in keys})
        both = df.assign(**{k: df[k].astype(str) for k in keys}).merge(exact, on=keys, suffixes=("", "_x"))
        assert len(both) == len(df) == len(world[t])
        for col in kit.COLUMNS[t]:
            shown = both[col].notna().to_numpy() if col not in keys else None
            if shown is not None and shown.any():
                assert np.allclose(both[col][shown].astype(float), both[col + "_x"][shown].astype(float))


def test_row_identity_positive_splits_are_protected(kit):
    world = kit.make_world(seed=3, n_areas=1)
    df = world["dtoa_funnel"]
    df.loc[0, ["positive", "positive_cocaine_only", "positive_opiates_only", "positive_both"]] = [
        20, 2, 8, 10]
    out = apply_disclosure("dtoa_funnel", df.iloc[[0]])
    assert out.loc[0, "withheld_columns"].split(",")[:2] == ["positive_cocaine_only",
                                                             "positive_opiates_only"]
    assert out.loc[0, "positive_both"] == 10 and out.loc[0, "positive"] == 20


def test_deterministic_and_independent_of_row_order(world, kit):
    first = apply_disclosure_tables(world)
    shuffled = {t: df.sample(frac=1, random_state=1) for t, df in world.items()}
    second = apply_disclosure_tables(shuffled)
    for t in world:
        keys = [k for k in kit.COLUMNS[t][:3] if k not in RATE_COLUMNS and k in first[t].columns
                and first[t][k].dtype != "Int64"]
        a = first[t].sort_values(keys).reset_index(drop=True)
        b = second[t].sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)


def test_a_cell_pinned_only_by_combining_identities_is_protected():
    # cells: 0 t1, 1 t2, 2 a, 3 b, 4 e, 5 f.  t1 = a + b + e + f,  t2 = a + b.  a, b, e withheld.
    # Each identity has two or more unknowns, yet e = t1 - t2 - f: f must be withheld as well.
    values = np.array([26, 3, 1, 2, 3, 20])
    ids = [Identity(0, (2, 3, 4, 5)), Identity(1, (2, 3))]
    withheld = protect(values, np.zeros(6, bool), np.array([0, 0, 1, 1, 1, 0], bool), ids)
    assert withheld.tolist() == [False, False, True, True, True, True]
