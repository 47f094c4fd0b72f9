"""`continuum` command line. Each area registers its own subcommands (`<area>/command.py`)."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

AREA_COMMANDS = (
    "continuum.generate.command",
    "continuum.ingest.command",
    "continuum.linkage.command",
    "continuum.truth.command",
    "continuum.run_command",
    "continuum.orchestration.command",
    "continuum.docs_command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="continuum",
        description="Link police, custody, treatment and probation feeds into outcome measures for "
        "Combating Drugs Partnerships.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in AREA_COMMANDS:
        importlib.import_module(module_name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return int(args.func(args) or 0)


def entry() -> None:
    """Console-script entry point. Exits without interpreter teardown once output is flushed: DuckDB 2's
    bindings print pages of harmless 'nanobind: leaked ...' lines at teardown when Great Expectations or
    SQLAlchemy still hold DuckDB objects, which would bury the run's summary."""
    import os

    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
