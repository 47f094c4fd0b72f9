"""The DAG files parse quickly and wire the pipeline the way the README says."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from continuum.config import PROJECT_ROOT

PROBE = textwrap.dedent(
    """
    import json, time
    t0 = time.perf_counter()
    from airflow.dag_processing.dagbag import DagBag
    bag = DagBag(dag_folder=%r)
    out = {"errors": {k: str(v) for k, v in bag.import_errors.items()}, "seconds": time.perf_counter() - t0,
           "dags": {}}
    for dag_id, dag in bag.dags.items():
        out["dags"][dag_id] = {
            "schedule": type(dag.timetable).__name__,
            "tasks": {t.task_id: {"pool": t.pool, "outlets": [getattr(o, "name", None) for o in t.outlets],
                                   "downstream": sorted(t.downstream_task_ids),
                                   "post_execute": getattr(t._post_execute_hook, "__name__", None)}
                      for t in dag.tasks},
            "max_active_runs": dag.max_active_runs,
            "doc": bool(dag.doc_md),
        }
    print("JSON" + json.dumps(out))
    """
)


def _parse(tmp_path: Path, **extra_env: str) -> dict:
    env = dict(os.environ, AIRFLOW_HOME=str(tmp_path / "airflow"), AIRFLOW__CORE__LOAD_EXAMPLES="False",
               CONTINUUM_LANDING=str(tmp_path / "landing"), CONTINUUM_HOME=str(tmp_path / "home"), **extra_env)
    proc = subprocess.run([sys.executable, "-c", PROBE % str(PROJECT_ROOT / "dags")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(l for l in proc.stdout.splitlines() if l.startswith("JSON"))
    return json.loads(line[4:])


def test_dags_parse_and_chain_through_assets(tmp_path):
    out = _parse(tmp_path)
    print(f"DagBag parse of dags/: {out['seconds']:.2f}s")
    assert out["errors"] == {}
    dags = out["dags"]
    assert set(dags) == {"continuum_ingest_police", "continuum_ingest_custody", "continuum_ingest_treatment",
                         "continuum_ingest_probation", "continuum_transform", "continuum_publish"}
    for feed in ("police", "custody", "treatment", "probation"):
        d = dags[f"continuum_ingest_{feed}"]
        # nightly OR when a manifest lands
        assert d["schedule"] == "AssetOrTimeSchedule"
        assert d["tasks"]["load"]["pool"] == "continuum_warehouse"
        assert d["tasks"]["announce"]["outlets"] == [f"continuum_raw_{feed}"]
    transform = dags["continuum_transform"]
    assert transform["schedule"] == "AssetTriggeredTimetable"
    assert transform["tasks"]["dbt_marts"]["outlets"] == ["continuum_outcomes"]
    assert transform["tasks"]["dbt_staging"]["downstream"] == ["quality_gate_staging"]
    assert transform["tasks"]["quality_gate_staging"]["downstream"] == ["link_people"]
    assert dags["continuum_publish"]["tasks"]["publish"]["outlets"] == ["continuum_published"]
    for d in dags.values():
        assert d["max_active_runs"] == 1 and d["doc"]
        for task in d["tasks"].values():
            if task["pool"] != "default_pool":
                assert task["pool"] == "continuum_warehouse"


def test_per_model_grain_renders_every_dbt_node_as_a_task_that_releases_the_warehouse(tmp_path):
    """CONTINUUM_DBT_GRAIN=model (Cosmos). Run for real through `continuum airflow run` on a tiny world
    in docs/benchmarks.md (section 4); here, the wiring that made that run pass: each dbt task closes
    dbt-duckdb's connection when it ends (else the quality gate, in the same process under `airflow dags
    test`, cannot open the warehouse), and tests with two parents run in their own task after both."""
    # (no metadata database here: Cosmos must not cache its `dbt ls` in an Airflow Variable)
    # Cosmos runs `dbt ls` while the file is imported. Once, with the two cores shared by other test
    # files and a national re-cluster, the import failed inside Cosmos's `dbt ls` (it passed alone);
    # DagBag's 30 s import timeout is the load-dependent limit there, so it is raised for this test
    out = _parse(tmp_path, CONTINUUM_DBT_GRAIN="model", AIRFLOW__COSMOS__ENABLE_CACHE_DBT_LS="False",
                 AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT="240")
    assert out["errors"] == {}  # e.g. Cosmos looking for a `dbt` on PATH, which CI does not have
    dags = out["dags"]
    tasks = dags["continuum_transform"]["tasks"]
    dbt_tasks = {k: v for k, v in tasks.items() if k.startswith(("dbt_staging.", "dbt_marts."))}
    runs = [k for k in dbt_tasks if k.endswith(".run")]
    assert len(runs) >= 30  # one per model
    for task_id, task in dbt_tasks.items():
        assert task["pool"] == "continuum_warehouse", task_id
        assert task["post_execute"] == "release_warehouse", task_id
    assert any(k.startswith("dbt_marts.") and not k.endswith((".run", ".test")) for k in dbt_tasks), \
        "no detached multi-parent test task"
    staging_ends = [k for k, v in dbt_tasks.items() if k.startswith("dbt_staging.") and not any(
        d.startswith("dbt_staging.") for d in v["downstream"])]
    assert staging_ends and all(tasks[k]["downstream"] == ["quality_gate_staging"] for k in staging_ends)
