"""How far published rates would still be from the truth with an ideal linker: the floor under the
linkage error that the delivered identifiers allow, set beside the pipeline's own error.

    .venv/bin/python benchmarks/linkage_floor.py --home HOME --world WORLD [--draws 2] [--variant NAME]
        [--no-variants] [--parts [--part NAME]] [--dir /tmp/bench-floor]

HOME is a home after `continuum run` on WORLD's landing (its warehouse holds the linkage inputs, the
edges and the published tables); WORLD holds the generator's truth.

Treatment clients that no key or hand-over places are classed by `continuum.linkage.floor` (tie:
its true person and someone else fit its delivered identifiers equally; lookalike: someone else fits
better). The ideal linker here is the truth everywhere else:

- ties: each tied client goes to one of the equally fitting people, drawn at random (a linker that
  must choose is right 1 time in k on average);
- ties + lookalikes: also, a client whose identifiers fit another person better goes to that person;
- ties kept apart + lookalikes: as the last, but a tie becomes a person of its own, as the pipeline
  does with a client it cannot place (it will not guess; a guess merges two people's journeys).

- ... + namesakes: also, justice namesakes (`continuum.linkage.floor.classify_namesakes`: people whose
  police, custody or probation records share surname, first forename, date of birth, sex and local
  authority, with at most one PNC id between them) become one person, as evidence-following linkage
  makes them.
- ... + slips by pattern: also, treatment clients that fit nobody exactly but a named person within
  one slip (`continuum.linkage.floor.classify_slips`) go with their sole best slip fit when the
  pattern of evidence they show (kind of slip, postcode districts, a justice referral or not) is more
  often the client's own person than a stranger, and are kept apart otherwise (a tie always): the
  best a linker deciding on that evidence can do, since nationally a slip fit is often a stranger
  known only to treatment. `... slips kept apart` and `... slips joined` are the two blanket
  policies (a referred client joined in both).

Every other record keeps its true person, so the figures are a lower bound: they ignore every other
error in police, custody and probation records and every episode with a typo that still leaves its
true person the best fit.

For each draw, the warehouse is copied, `linkage.person_records` set to that assignment, and the marts
and publication rebuilt by the pipeline's own stages (`continuum.pipeline.build_marts`, `publish`), so
the counts are the published rates' as the pipeline's are. Prints, per variant and draw, the published
rates more than 0.5 points from the truth (by table, and how many of them within one person's worth of
their denominator) against the same count for HOME's own publication. With `--parts`, the same for
the truth with one class of records (treatment clients by class, or the other feeds' records) placed
as the pipeline placed them: which part of the pipeline's own error each class causes, and so how
much of it a better linker could remove; with every class so placed, the pipeline's own count.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline_vs_truth import TOLERANCE, rate_cells, rebuild_with_people

from continuum.linkage.floor import (
    PLACEMENT_CLASSES,
    classify_clients,
    classify_namesakes,
    classify_slips,
    floor_assignment,
    pipeline_assignment,
)

# variant -> (classes moved off their true person, what a tie gets: a random equally fitting person,
# or a person of its own, as a linker does that will not guess; whether justice namesakes are merged;
# what a client fitting a named person within one slip on identifiers alone gets)
VARIANTS = {
    "ties": (("tie",), "draw", False, None),
    "ties + lookalikes": (("tie", "lookalike"), "draw", False, None),
    "ties kept apart + lookalikes": (("tie", "lookalike"), "apart", False, None),
    "ties kept apart + lookalikes + namesakes": (("tie", "lookalike"), "apart", True, None),
    "... + namesakes + slips kept apart": (("tie", "lookalike"), "apart", True, "apart"),
    "... + namesakes + slips joined": (("tie", "lookalike"), "apart", True, "joined"),
    "... + namesakes + slips by pattern": (("tie", "lookalike"), "apart", True, "by pattern"),
}
# part -> the records placed as the pipeline placed them, everything else true (classes as in
# `continuum.linkage.floor.pipeline_assignment`); the last reproduces the pipeline's own error
PARTS = {
    "unique treatment clients": ("unique",),
    "tied and lookalike treatment clients": ("tie", "lookalike"),
    "treatment clients with no key and no exact fit": ("unclassed",),
    "treatment clients with a key or hand-over": ("anchored",),
    "police, custody and probation records of namesakes": ("namesake",),
    "other police, custody and probation records": ("police", "custody", "probation"),
    "every record": PLACEMENT_CLASSES,
}


def off_summary(cells) -> dict:
    gap = (cells["published"] - cells["truth"]).abs()
    off = cells[gap > TOLERANCE + 1e-9]
    one_person = (gap.loc[off.index] <= 1 / off["denominator_truth"] + 1e-9).sum()
    return {"cells": len(cells), "off": len(off), "off_beyond_one_person": int(len(off) - one_person),
            "by_table": off.groupby("table").size().to_dict()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--world", type=Path, required=True, help="the generated world (or its truth/)")
    parser.add_argument("--draws", type=int, default=2, help="random draws of the tied clients per variant")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/bench-floor"))
    parser.add_argument("--variant", action="append", choices=list(VARIANTS),
                        help="run only these variants (repeatable; default all)")
    parser.add_argument("--no-variants", action="store_true", help="run no ideal-linker variant")
    parser.add_argument("--parts", action="store_true",
                        help="also rebuild with the pipeline's own placement of each class of treatment client "
                             "(everything else true): which part of the pipeline's error each class causes")
    parser.add_argument("--part", action="append", choices=list(PARTS), help="with --parts, only these (repeatable)")
    args = parser.parse_args()

    import duckdb

    from continuum.config import Home
    from continuum.truth.compare import load_published, load_warehouse_outcomes
    from continuum.truth.expected import read_expected

    home = Home(args.home)
    truth_dir = args.world / "truth" if (args.world / "truth").is_dir() else args.world
    args.dir.mkdir(parents=True, exist_ok=True)
    expected = read_expected(truth_dir)
    own = off_summary(rate_cells(expected, load_warehouse_outcomes(home.warehouse), None,
                                 load_published(home.published_db)))
    print(f"pipeline's own publication ({home.root}): {own['off']} of {own['cells']} published rates more than "
          f"{TOLERANCE * 100:g} points from the truth ({own['off_beyond_one_person']} by more than one person's "
          f"worth); by table {own['by_table']}")

    t0 = time.perf_counter()
    con = duckdb.connect(str(args.dir / "floor.duckdb"))
    con.execute(f"ATTACH '{home.warehouse}' AS wh (READ_ONLY)")
    figures = classify_clients(con, truth_dir / "record_persons.csv")
    figures.update(classify_namesakes(con))
    figures.update(classify_slips(con))
    print(f"identifier analysis in {time.perf_counter() - t0:.0f}s: " + "; ".join(f"{k} {v}" for k, v in figures.items()),
          flush=True)

    def rebuild(label: str, people: Path, moved: int) -> None:
        rebuilt, seconds, unchanged = rebuild_with_people(
            home, args.dir / "home", f"SELECT * FROM read_parquet('{people}')", "benchmark-floor")
        got = off_summary(rate_cells(expected, load_warehouse_outcomes(rebuilt.warehouse), None,
                                     load_published(rebuilt.published_db)))
        print(f"{label}: {moved} records on another person; {got['off']} of {got['cells']} published rates off "
              f"({got['off'] / max(own['off'], 1):.2f} of the pipeline's {own['off']}; "
              f"{got['off_beyond_one_person']} beyond one person); by table {got['by_table']} "
              f"[rebuilt in {seconds:.0f}s, {unchanged} records not in the truth kept their person]", flush=True)

    for variant in [] if args.no_variants else args.variant or VARIANTS:
        classes, ties, namesakes, slips = VARIANTS[variant]
        for draw in range(1, (args.draws if ties == "draw" else 1) + 1):  # keeping ties apart draws nothing
            people = args.dir / f"people-{'-'.join(classes)}-{ties}-{namesakes}-{slips}-{draw}.parquet"
            rebuild(f"ideal linker, {variant}, draw {draw}", people,
                    floor_assignment(con, classes, ties, draw, people, namesakes=namesakes, slips=slips))
    for part, classes in PARTS.items() if args.parts else ():
        if args.part and part not in args.part:
            continue
        people = args.dir / f"pipeline-{'-'.join(classes)}.parquet"
        rebuild(f"truth, with the pipeline's placement of {part}", people,
                pipeline_assignment(con, classes, people))
    con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
