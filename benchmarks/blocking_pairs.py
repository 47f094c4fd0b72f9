"""Candidate pairs each blocking rule of linkage/settings.json generates on a world, before scoring.

    .venv/bin/python benchmarks/blocking_pairs.py --world /path/to/world [--memory-limit 12GB]

Builds the linkage input from the world's landing CSVs (continuum.linkage.worldio) and prepares it as
linkage does (continuum.linkage.prepare), in memory, then for each rule in linkage/settings.json whose
condition is an equality on the same expressions both sides counts the pairs sharing a key: the sum
over keys of n(n-1)/2.
Pairs found by two rules are counted twice (Splink scores each once), so the total is an upper bound.
This is what decides whether a full link fits a machine: Splink scores every candidate pair.

With `--truth` it also reads the world's truth/record_persons.csv and prints, for each rule, how many
true pairs (two records of one person) it finds and how many no other rule finds: the recall a rule
buys for its pairs, which is how a rule earns its place.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def equality_keys(rule: str) -> list[str] | None:
    """The key expressions of a blocking rule made only of `f(l.x) = f(r.x)` equalities, else None
    (e.g. `l.initials = reverse(r.initials)` pairs different values and has no single key)."""
    keys = []
    for part in rule.split(" AND "):
        left, _, right = (side.strip() for side in part.partition(" = "))
        if not right or left.replace("l.", "") != right.replace("r.", "") or "r." in left or "l." in right:
            return None
        keys.append(left.replace("l.", ""))
    return keys


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world", type=Path, required=True)
    ap.add_argument("--memory-limit", default="12GB")
    ap.add_argument("--truth", action="store_true", help="also count the true pairs each rule finds")
    args = ap.parse_args(argv)

    import duckdb

    from continuum.linkage import prepare
    from continuum.linkage.worldio import build_input_from_landing

    from continuum.linkage.model import load_settings

    rules = load_settings()["splink"]["blocking_rules_to_generate_predictions"]
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{args.memory_limit}'")
    t0 = time.perf_counter()
    records = build_input_from_landing(con, args.world, "linkage_input")
    prepare.create_prepared(con, "linkage_input", "prep")
    print(f"{records:,} records prepared in {time.perf_counter() - t0:.1f} s")
    total = 0
    for rule in rules:
        key = equality_keys(rule)
        if key is None:
            print(f"{'not counted':>16}  {rule}  (not an equality on one key)")
            continue
        where = " AND ".join(f"{k} IS NOT NULL" for k in key)
        (pairs,) = con.execute(f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM prep "
                               f"WHERE {where} GROUP BY {', '.join(key)})").fetchone()
        total += int(pairs)
        print(f"{int(pairs):>16,}  {rule}")
    print(f"{total:>16,}  sum, pairs found by two rules counted twice ({total / max(records, 1):.1f} per record)")
    if args.truth:
        true_pairs_by_rule(con, args.world, rules)
    return 0


def true_pairs_by_rule(con, world: Path, rules: list[str]) -> None:
    """True pairs each rule finds, and those only it finds (its unique recall)."""
    con.execute(f"""CREATE TEMP TABLE truth AS SELECT * FROM read_csv('{world / "truth" / "record_persons.csv"}',
                    all_varchar = true)""")
    flags = ", ".join(f"coalesce({rule}, false) AS r{i}" for i, rule in enumerate(rules))
    con.execute(f"""CREATE TEMP TABLE true_pairs AS
        WITH p AS (SELECT prep.*, truth.person_id FROM prep JOIN truth USING (feed, record_key))
        SELECT {flags} FROM p AS l JOIN p AS r ON l.person_id = r.person_id AND l.unique_id < r.unique_id""")
    n_rules = len(rules)
    any_rule = " OR ".join(f"r{i}" for i in range(n_rules))
    (n_true, n_found) = con.execute(f"SELECT count(*), count(*) FILTER ({any_rule}) FROM true_pairs").fetchone()
    print(f"\ntrue pairs: {n_true:,}; found by some rule: {n_found:,} ({n_found / max(n_true, 1):.4f})")
    print(f"{'finds':>12} {'only this':>10}  rule")
    for i, rule in enumerate(rules):
        others = " OR ".join(f"r{j}" for j in range(n_rules) if j != i) or "false"
        found, only = con.execute(f"SELECT count(*) FILTER (r{i}), count(*) FILTER (r{i} AND NOT ({others})) "
                                  "FROM true_pairs").fetchone()
        print(f"{found:>12,} {only:>10,}  {rule}")


if __name__ == "__main__":
    raise SystemExit(main())
