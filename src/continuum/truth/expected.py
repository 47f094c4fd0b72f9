"""The outcome tables as they should be: computed from the generator's truth and written beside it.

`truth_dir/records/<feed>.csv` + `truth_dir/deliveries.csv` in, the six `outcomes` tables out, using the
true `person_id` as the person. See docs/architecture.md ("Truth") for the layout.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from continuum.config import PUBLISHED_TABLES
from continuum.truth.measures import (
    continuity_of_care, dtoa_funnel, non_re_presentation, proven_reoffending, treatment_activity,
    treatment_referrals,
)
from continuum.truth.tables import SHAPES
from continuum.truth.world import load_world

_MEASURES = {
    "dtoa_funnel": dtoa_funnel.compute,
    "continuity_of_care": continuity_of_care.compute,
    "treatment_activity": treatment_activity.compute,
    "treatment_referrals": treatment_referrals.compute,
    "non_re_presentation": non_re_presentation.compute,
    "proven_reoffending": proven_reoffending.compute,
}
assert tuple(_MEASURES) == PUBLISHED_TABLES


def expected_tables(truth_dir: Path) -> dict[str, pd.DataFrame]:
    """All six tables in the warehouse `outcomes` shape: exact values, full grid, `immature_columns`."""
    world = load_world(Path(truth_dir))
    return {name: compute(world) for name, compute in _MEASURES.items()}


def write_expected(truth_dir: Path) -> None:
    """Write `truth_dir/expected/<table>.csv` (empty field = null, dates ISO, rates exact)."""
    out = Path(truth_dir) / "expected"
    out.mkdir(parents=True, exist_ok=True)
    for name, table in expected_tables(truth_dir).items():
        table.to_csv(out / f"{name}.csv", index=False)  # floats as shortest round-trip repr: exact


def read_expected(truth_dir: Path) -> dict[str, pd.DataFrame]:
    """Read back what `write_expected` wrote, typed as `expected_tables` returns it."""
    tables = {}
    for name in PUBLISHED_TABLES:
        shape = SHAPES[name]
        df = pd.read_csv(Path(truth_dir) / "expected" / f"{name}.csv", dtype=str,
                         keep_default_na=False, na_values=[""])
        for c in shape.counts:
            df[c] = pd.to_numeric(df[c]).astype("Int64")
        for c in shape.rates:
            df[c] = pd.to_numeric(df[c]).astype("float64")
        df["immature_columns"] = df["immature_columns"].fillna("")
        tables[name] = df
    return tables
