"""Old validation results are pruned so the Data Docs index (which loads every result) stays fast."""
from __future__ import annotations

from continuum.config import Home
from continuum.quality.gx_context import prune_validation_results, runtime_project_dir


def test_keeps_the_newest_runs_per_suite(tmp_path):
    home = Home(tmp_path)
    store = runtime_project_dir(home) / "gx" / "uncommitted" / "validations"
    for suite in ("staging/stg_police__arrests", "published/dtoa_funnel"):
        for day in range(1, 6):
            run = store / suite / f"run-{day}" / f"202511{day:02d}T010000.000000Z"
            run.mkdir(parents=True)
            (run / "warehouse-x.json").write_text("{}")
    assert prune_validation_results(home, keep=2) == 6
    for suite in ("staging/stg_police__arrests", "published/dtoa_funnel"):
        assert sorted(p.name for p in (store / suite).iterdir()) == ["run-4", "run-5"]
    assert prune_validation_results(home, keep=2) == 0
