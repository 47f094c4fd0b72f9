"""`continuum airflow ...` and `continuum demo`: drive the real DAGs with an embedded Airflow."""
from __future__ import annotations

import shlex
import shutil
from pathlib import Path


def add_parser(sub) -> None:
    a = sub.add_parser("airflow", help="run the real Airflow DAGs on this machine (embedded metadata DB)")
    asub = a.add_subparsers(dest="airflow_command", required=True)
    r = asub.add_parser("run", help="airflow dags test: ingest (4 feeds) -> transform -> publish")
    r.add_argument("--landing", required=True, type=Path)
    r.add_argument("--home", required=True, type=Path)
    r.set_defaults(func=_run)
    e = asub.add_parser("env", help="prepare an embedded Airflow and print its environment, to watch the DAGs in `airflow standalone`")
    e.add_argument("--landing", required=True, type=Path)
    e.add_argument("--home", required=True, type=Path)
    e.set_defaults(func=_env)

    d = sub.add_parser("demo", help="generate a synthetic world and run the nightly DAGs over it")
    d.add_argument("--dir", type=Path, default=Path("var/demo"), help="where the world and home go")
    d.add_argument("--preset", default="demo", help="world size preset (tiny, demo, national)")
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--noise", choices=("default", "none"), default="default",
                   help="identity and delivery mess (none: the publication must equal the truth exactly)")
    d.set_defaults(func=_demo)


def _run_chain(landing: Path, home_dir: Path) -> int:
    from continuum.config import Home
    from continuum.orchestration.local import run_chain
    from continuum.summary import data_docs_hint, publication_summary

    home = Home(home_dir.resolve()).ensure()
    print(f"Running the Continuum DAGs with an embedded Airflow (AIRFLOW_HOME={home.root / 'airflow'})")
    outcomes = run_chain(home, landing.resolve())
    failed = [o for o in outcomes if o.returncode != 0]
    print()
    print(publication_summary(home))
    hint = data_docs_hint(home)
    if hint:
        print(hint)
    print(f"Warehouse (open read-only for analysis): {home.warehouse}")
    print(f"Airflow task logs: {home.logs_dir / 'airflow'}  (CLI output: {home.logs_dir / 'airflow-cli.log'})")
    if failed:
        print("FAILED DAG runs: " + ", ".join(o.dag_id for o in failed))
        return 1
    return 0


def _run(args) -> int:
    return _run_chain(args.landing, args.home)


def _env(args) -> int:
    """Prepares the metadata database (migrated, warehouse pool created: both idempotent) so that
    `airflow standalone` in the printed environment runs the DAGs as they are, then prints the exports."""
    import sys

    from continuum.config import Home
    from continuum.orchestration.local import prepare

    env = prepare(Home(args.home.resolve()), args.landing.resolve())
    print(f"# Airflow metadata database ready under {env['AIRFLOW_HOME']}", file=sys.stderr)
    for key in sorted(env):
        if key.startswith(("AIRFLOW", "CONTINUUM")):
            print(f"export {key}={shlex.quote(env[key])}")
    return 0


def _generator_fingerprint() -> str:
    """A digest of the generator's code: a world made by an older generator is replaced, not reused
    (same seed, different code, different world)."""
    import hashlib

    import continuum.generate as gen

    digest = hashlib.sha256()
    for path in sorted(Path(gen.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _demo(args) -> int:
    from continuum.generate import generate

    root = args.dir.resolve()
    world = root / "world"
    stamp = root / "demo-world.txt"  # which world the directory holds: a rerun reuses it, another replaces it
    wanted = (f"preset={args.preset} seed={args.seed}" + ("" if args.noise == "default" else f" noise={args.noise}")
              + f" generator={_generator_fingerprint()}")
    if (world / "landing").exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        print(f"Using the synthetic world already in {world} ({wanted}); new deliveries only are loaded")
    else:
        if root.exists():
            print(f"Replacing the demo in {root} (world and home) with {wanted}")
            for old in (world, root / "home", stamp):
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
        print(f"Generating the '{args.preset}' synthetic world (seed {args.seed}) into {world}")
        generate(world, seed=args.seed, preset=args.preset, noise=args.noise)
        stamp.write_text(wanted + "\n")
    code = _run_chain(world / "landing", root / "home")
    try:
        from continuum.truth.verdict import against_truth

        home = root / "home"
        text, _ = against_truth(world / "truth", home / "published" / "outcomes.duckdb", home / "warehouse.duckdb")
        print("\n" + text)
    except Exception as exc:  # the comparison is informative; the run's own result decides the exit code
        print(f"(truth comparison unavailable: {exc})")
    return code
