"""Candidate pairs each blocking rule of linkage/settings.json generates on a world, before scoring.

    .venv/bin/python benchmarks/blocking_pairs.py --world /path/to/world [--memory-limit 12GB]

Builds the linkage input from the world's landing CSVs (continuum.linkage.worldio) and prepares it as
linkage does (continuum.linkage.prepare), in memory, then for each rule whose condition is an equality
on the same expressions both sides counts the pairs sharing a key: the sum over keys of n(n-1)/2.
Pairs found by two rules are counted twice (Splink scores each once), so the total is an upper bound.
This is what decides whether a full link fits a machine: Splink scores every candidate pair.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

RULES = {  # label -> key expressions (linkage/settings.json, blocking_rules_to_generate_predictions)
    "dob + first initial": ["dob", "left(initials, 1)"],
    "dob + last initial": ["dob", "right(initials, 1)"],
    "initials + day/month-swap-tolerant dob": ["initials", "dob_swap_key"],
    "surname + canonical forename + birth year": ["surname_std", "forename1_canon", "birth_year"],
    "surname + canonical forename + day/month of birth": ["surname_std", "forename1_canon", "dob_md"],
    "pnc id": ["pnc_id"],
    "initials + birth year + area + sex": ["initials", "birth_year", "la_code", "sex"],
    "initials + day/month of birth + area": ["initials", "dob_md", "la_code"],
}
# not counted: "dob + initials reversed" (not an equality on one key)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world", type=Path, required=True)
    ap.add_argument("--memory-limit", default="12GB")
    args = ap.parse_args(argv)

    import duckdb

    from continuum.linkage import prepare
    from continuum.linkage.worldio import build_input_from_landing

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{args.memory_limit}'")
    t0 = time.perf_counter()
    records = build_input_from_landing(con, args.world, "linkage_input")
    prepare.create_prepared(con, "linkage_input", "prep")
    print(f"{records:,} records prepared in {time.perf_counter() - t0:.1f} s")
    total = 0
    for label, key in RULES.items():
        where = " AND ".join(f"{k} IS NOT NULL" for k in key)
        (pairs,) = con.execute(f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM prep "
                               f"WHERE {where} GROUP BY {', '.join(key)})").fetchone()
        total += int(pairs)
        print(f"{label:52s} {int(pairs):>16,}")
    print(f"{'sum (pairs found by two rules counted twice)':52s} {total:>16,}  ({total / max(records, 1):.1f} per record)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
