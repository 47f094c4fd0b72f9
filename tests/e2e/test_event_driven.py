"""Event-driven scheduling, for real: a delivery landing starts ingestion, and transform and publish
follow through their assets, with nothing run by hand (real scheduler, API server, dag-processor and
triggerer on SQLite)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from continuum.config import Home
from continuum.contracts import FEEDS

from .airflow_services import airflow_services

pytestmark = pytest.mark.slow


def _deliver(world_landing: Path, landing: Path) -> None:
    """Copy every delivery the way a source system would: the CSV first, its manifest last."""
    for feed in FEEDS:
        target = landing / feed
        for csv in sorted((world_landing / feed).glob("*.csv")):
            shutil.copy2(csv, target / csv.name)
        for manifest in sorted((world_landing / feed).glob("*.manifest.json")):
            shutil.copy2(manifest, target / manifest.name)


def test_a_delivery_drives_ingest_transform_and_publish(tmp_path, tiny_world):
    home = Home(tmp_path / "home").ensure()
    landing = tmp_path / "landing"
    for feed in FEEDS:
        (landing / feed).mkdir(parents=True)

    with airflow_services(home, landing) as af:
        # the four manifest watchers are registered as triggers once the DAGs are parsed
        af.wait_for("the manifest watchers to be registered",
                    lambda: af.query("select count(*) from asset_watcher")[0][0] >= len(FEEDS), timeout=180)
        af.wait_for("the triggerer to pick up the watchers",
                    lambda: af.query("select count(*) from trigger where triggerer_id is not null")[0][0]
                    >= len(FEEDS), timeout=120)
        assert not af.query("select 1 from dag_run")  # nothing has run yet

        _deliver(tiny_world / "landing", landing)

        af.wait_for("a successful continuum_publish run",
                    lambda: any(r[1] == "success" for r in af.dag_runs("continuum_publish")), timeout=600)
        runs = af.query("select dag_id, run_type, state from dag_run")

    by_dag = {}
    for dag_id, run_type, state in runs:
        by_dag.setdefault(dag_id, []).append((run_type, state))
    for feed in FEEDS:
        assert by_dag.get(f"continuum_ingest_{feed}"), f"no ingest run for {feed}: {by_dag}"
    # every run was started by an asset event: none manual, none by the nightly schedule
    assert {run_type for dag_runs in by_dag.values() for run_type, _ in dag_runs} == {"asset_triggered"}, by_dag
    assert any(state == "success" for _, state in by_dag["continuum_transform"])
    assert home.published_db.exists()
