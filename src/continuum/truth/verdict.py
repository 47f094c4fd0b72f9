"""The few lines a demo ends with: how far the publication is from the generator's ground truth.

Two questions, kept apart because they have different answers on a world with identity noise:
- the published rates (what a partnership reads) against the truth, with the linkage tolerance of
  half a percentage point (issue "Person linkage": no published rate more than 0.5 points off);
- the warehouse's exact outcome tables (counts and rates) against the truth, cell for cell. On a
  world without identity noise (`--noise none`) every cell is equal; with the default noise a
  linkage mistake moves a count by one person, which is expected and is reported as such, not as a
  failure.
"""
from __future__ import annotations

from pathlib import Path

RATE_TOLERANCE = 0.005
SHOWN = 5


def against_truth(truth_dir: Path, published_db: Path, warehouse: Path) -> tuple[str, bool]:
    """Return (text, published rates all within tolerance)."""
    from continuum.truth.compare import compare_tables, load_published, load_warehouse_outcomes
    from continuum.truth.expected import expected_tables
    from continuum.truth.tables import SHAPES

    expected = expected_tables(truth_dir)
    actual = load_published(published_db)
    published = compare_tables(expected, actual, rates_only=True, rate_tolerance=RATE_TOLERANCE)
    exact = compare_tables(expected, load_warehouse_outcomes(warehouse))

    # rates a reader sees: published, not withheld, not null (immature or zero denominator)
    rate_cells = sum(int(df[c].notna().sum()) for name, df in actual.items() if name in SHAPES
                     for c in SHAPES[name].rates if c in df.columns)
    off = [(name, row) for name, t in published.tables.items()
           for row in t.differences.to_dict("records")]
    lines = ["Against the generator's ground truth:"]
    if published.missing_tables or any(len(t.missing_rows) or len(t.extra_rows) or t.missing_columns
                                       for t in published.tables.values()):
        lines.append("  published tables: the grid differs from the truth's")
        lines.append(_indent(published.summary()))
    else:
        lines.append(f"  published rates: {rate_cells - len(off):,} of {rate_cells:,} within 0.5 percentage "
                     f"points of the truth" + ("" if not off else f"; {len(off)} further off:"))
        for name, row in off[:SHOWN]:
            key = ", ".join(f"{k} {row[k]}" for k in published.tables[name].keys)
            lines.append(f"    {name} ({key}) {row['column']}: true {_pct(row['expected'])}, "
                         f"published {_pct(row['actual'])}")
        if len(off) > SHOWN:
            lines.append(f"    ... and {len(off) - SHOWN} more")
    cells = sum(t.cells_compared for t in exact.tables.values())
    differing = sum(t.cells_differing for t in exact.tables.values())
    lines.append(f"  warehouse outcome tables (exact counts and rates): {cells - differing:,} of {cells:,} "
                 f"cells equal to the truth")
    if differing or off:
        lines.append("  (differences come from person-linkage mistakes on a world with identity noise, usually one\n"
                     "   person in a small cell; a world generated with --noise none matches exactly;\n"
                     "   docs/benchmarks.md measures both)")
    return "\n".join(lines), published.ok


def _pct(value) -> str:
    try:
        return f"{100 * float(value):.1f}%"
    except (TypeError, ValueError):
        return str(value)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
