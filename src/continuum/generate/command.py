"""`continuum generate`: write a synthetic world (landing feeds + truth) and print its calibration."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from continuum.generate.presets import NOISE, PRESETS


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "generate", help="write a synthetic world with ground truth",
        description="Simulate people through police, custody, treatment and probation and write the four "
        "feeds to OUT/landing plus the ground truth to OUT/truth (deterministic for a seed).")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed and flags => identical files)")
    p.add_argument("--people", type=int, default=None, help="population size (overrides the preset)")
    p.add_argument("--start", type=_date, default=None, help="first day simulated, YYYY-MM-DD")
    p.add_argument("--end", type=_date, default=None, help="last day simulated and last extract, YYYY-MM-DD")
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument("--preset", choices=sorted(PRESETS), default="tiny")
    p.add_argument("--noise", choices=sorted(NOISE), default="default")
    p.add_argument("--defects", action="store_true", help="add labelled contract breaches")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from continuum.generate.core import generate, summary_text

    try:
        summary = generate(args.out, seed=args.seed, people=args.people, start=args.start, end=args.end,
                           preset=args.preset, noise=args.noise, defects=args.defects, quiet=True)
    except ValueError as e:
        print(f"continuum generate: {e}")
        return 2
    print(summary_text(summary))
    return 0
