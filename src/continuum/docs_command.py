"""`continuum docs`: the dbt documentation site for one home's warehouse.

Runs `dbt docs generate` against <home>/warehouse.duckdb, writing the site to <home>/docs/dbt/
(index.html, manifest.json, catalog.json), and prints the path of index.html: every model, every
column and what it means, the lineage graph, and the column types as they are in the warehouse.
With --serve it then serves the site on http://localhost:PORT until interrupted.

dbt opens the warehouse to read its catalog, so run it when the pipeline is not writing (DuckDB
allows one writer per file).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from continuum.config import DBT_PROJECT_DIR, Home


def add_parser(sub) -> None:
    p = sub.add_parser(
        "docs", help="build (and optionally serve) the dbt documentation site of a home's warehouse",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", help="Continuum home holding warehouse.duckdb (default: $CONTINUUM_HOME)")
    p.add_argument("--serve", action="store_true", help="serve the site on localhost after building it")
    p.add_argument("--port", type=int, default=8580, help="port for --serve (default: 8580)")
    p.set_defaults(func=run)


def docs_dir(home: Home) -> Path:
    """Where the site goes: <home>/docs/dbt."""
    return home.root / "docs" / "dbt"


def _invoke(home: Home, args: list[str]):
    from dbt.cli.main import dbtRunner

    from continuum.transform.dbt import _env, release_warehouse, dbt_env

    try:
        with _env(dbt_env(home)):
            return dbtRunner().invoke(args)
    finally:
        release_warehouse()


def _common_args(home: Home) -> list[str]:
    return [
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(docs_dir(home)),
        "--log-path", str(home.logs_dir / "dbt"),
        "--log-level", "warn", "--log-level-file", "info",
    ]


def generate(home: Home) -> Path:
    """`dbt docs generate` into <home>/docs/dbt; returns the path of index.html."""
    from continuum.transform.dbt import DbtFailed

    if not home.warehouse.exists():
        raise FileNotFoundError(
            f"no warehouse at {home.warehouse}: run `continuum run` for this home first")
    home.ensure()
    target = docs_dir(home)
    target.mkdir(parents=True, exist_ok=True)
    result = _invoke(home, ["docs", "generate", *_common_args(home)])
    index = target / "index.html"
    if not result.success or not index.exists():
        detail = result.exception or f"see the log in {home.logs_dir / 'dbt'}"
        raise DbtFailed(f"dbt docs generate failed: {detail}")
    return index


def serve(home: Home, port: int) -> None:
    """`dbt docs serve` on 127.0.0.1:port from <home>/docs/dbt; blocks until interrupted."""
    _invoke(home, ["docs", "serve", *_common_args(home),
                   "--host", "127.0.0.1", "--port", str(port), "--no-browser"])


def run(args: argparse.Namespace) -> int:
    from continuum.transform.dbt import DbtFailed

    home = Home.from_env(args.home)
    try:
        index = generate(home)
    except (FileNotFoundError, DbtFailed) as exc:
        print(f"continuum docs: {exc}")
        return 1
    print(f"dbt documentation: {index}")
    if args.serve:
        print(f"Serving on http://localhost:{args.port}/ (Ctrl-C to stop)", flush=True)
        try:
            serve(home, args.port)
        except KeyboardInterrupt:
            pass
    return 0
