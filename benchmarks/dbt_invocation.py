"""The fixed cost of one dbt invocation, against the two layer builds the transform DAG runs.

    .venv/bin/python benchmarks/dbt_invocation.py --home /tmp/bench-pvt/demo-4-default/home [--scratch /tmp/bench-dbt]

Copies the home's warehouse (a home after one `continuum run`, so every source table exists) to a
scratch home, then times, on the copy:
- in-process invocations through the project's wrapper (`continuum.transform.dbt.run_dbt`, the code
  path of the default layer grain): `dbt run` of one small model (first call pays the imports, later
  calls are warm), `dbt parse`, and the two layer builds (`build_staging`, `build_marts`: models and
  their tests);
- cold `dbt run --select <model>` processes through the dbt CLI with the project's profile (what a
  task that starts dbt afresh pays: interpreter, imports, project parse, adapter, one model);
- the number of models and of models with tests (`dbt ls`), and from these the start-up cost per-model
  grain (one Cosmos task per model, plus one test task per tested model with TestBehavior.AFTER_EACH)
  would add over the two layer builds. That figure is computed, not measured; time the transform DAG
  under both grains with `continuum airflow run` to measure it.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, required=True, help="a home after one `continuum run`")
    ap.add_argument("--scratch", type=Path, default=Path("/tmp/bench-dbt"))
    ap.add_argument("--model", default="stg_police__arrests", help="the small model timed alone")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from continuum.config import DBT_PROJECT_DIR, Home
    from continuum.transform import dbt

    shutil.rmtree(args.scratch, ignore_errors=True)
    home = Home(args.scratch / "home").ensure()
    shutil.copy2(Home(args.home).warehouse, home.warehouse)

    def timed(label, fn):
        t0 = time.perf_counter()
        out = fn()
        s = time.perf_counter() - t0
        print(f"  {label:<58} {s:6.2f} s" + (f"  ({len(out)} nodes)" if isinstance(out, list) else ""),
              flush=True)
        return s, out

    print("in-process (continuum.transform.dbt.run_dbt, dbtRunner):")
    one = [timed(f"dbt run --select {args.model} (call {i + 1})",
                 lambda: dbt.run_dbt(home, "run", select=[args.model]))[0] for i in range(args.repeat)]
    parse = timed("dbt parse", lambda: dbt.run_dbt(home, "parse"))[0]
    staging, staging_nodes = timed("staging layer: dbt build (build_staging)", lambda: dbt.build_staging(home))
    marts, marts_nodes = timed("marts layer: dbt build (build_marts)", lambda: dbt.build_marts(home))
    node_seconds = sum(n["seconds"] for n in staging_nodes + marts_nodes)
    print(f"  sum of per-node execution times reported by dbt in the two layer builds: {node_seconds:.2f} s")

    env = dict(os.environ, **dbt.dbt_env(home))
    dbt_bin = Path(sys.executable).with_name("dbt")
    cli = []
    print("cold processes (dbt CLI, project profile):")
    for i in range(args.repeat):
        t0 = time.perf_counter()
        proc = subprocess.run([str(dbt_bin), "run", "--select", args.model, *dbt.dbt_common_args(home)],
                              env=env, capture_output=True, text=True)
        s = time.perf_counter() - t0
        if proc.returncode:
            print(proc.stdout[-2000:], proc.stderr[-2000:])
            return 1
        cli.append(s)
        print(f"  dbt run --select {args.model} (process {i + 1}){'':<14} {s:6.2f} s", flush=True)

    proc = subprocess.run([str(dbt_bin), "ls", "--resource-type", "model", "--resource-type", "test",
                           "--output", "json", *dbt.dbt_common_args(home), "--quiet"], env=env, capture_output=True, text=True)
    models, tested = set(), set()
    for line in proc.stdout.splitlines():
        try:
            node = json.loads(line)
        except ValueError:
            continue
        if node.get("resource_type") == "model":
            models.add(node["unique_id"])
        elif node.get("resource_type") == "test":
            tested.update(d for d in node.get("depends_on", {}).get("nodes", []) if d.startswith("model."))
    tested &= models
    warm = statistics.median(one[1:]) if len(one) > 1 else one[0]
    cold = statistics.median(cli)
    invocations = len(models) + len(tested)
    print(f"\nproject: {len(models)} models, {len(tested)} with tests ({DBT_PROJECT_DIR})")
    print(f"one dbt invocation of one small model: warm in-process {warm:.2f} s, cold process {cold:.2f} s")
    print(f"layer grain: 2 invocations, {staging + marts:.1f} s for both layers")
    print(f"per-model grain (computed): {len(models)} model tasks + {len(tested)} test tasks = {invocations} "
          f"invocations; start-up alone {invocations} x {warm:.2f} = {invocations * warm:.0f} s warm, "
          f"{invocations} x {cold:.2f} = {invocations * cold:.0f} s cold, plus the nodes' own "
          f"{node_seconds:.0f} s (against {staging + marts:.1f} s for the two layer builds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
