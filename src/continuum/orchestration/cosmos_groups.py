"""Per-model dbt tasks with astronomer-cosmos (opt-in: CONTINUUM_DBT_GRAIN=model).

Cosmos renders each dbt model (and its tests) as an Airflow task, which shows the lineage in the UI.
Each task is a separate dbt invocation, and each pays dbt's start-up; on the 2-core reference machine
that made a night several times slower than one `dbt build` per layer (figures in the README), so the
default grain is the layer and this is for teams who prefer per-model visibility.
"""
from __future__ import annotations

import sys
from pathlib import Path

from continuum.config import DBT_PROJECT_DIR
from continuum.orchestration import settings


def dbt_task_group(group_id: str, select: list[str], exclude: list[str] | None = None, outlets=None):
    from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior

    from continuum.transform.dbt import release_warehouse

    home = settings.home()
    # the dbt beside this interpreter: Airflow processes need not have the virtualenv on PATH. Cosmos
    # still checks for an executable when it renders, even though both it and the tasks run dbt in-process
    dbt = str(Path(sys.executable).with_name("dbt"))
    return DbtTaskGroup(
        group_id=group_id,
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT_DIR,
            install_dbt_deps=False,
            env_vars={"CONTINUUM_WAREHOUSE": str(home.warehouse)},
        ),
        profile_config=ProfileConfig(
            profile_name="continuum",
            target_name="warehouse",
            profiles_yml_filepath=DBT_PROJECT_DIR / "profiles.yml",
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.LOCAL, invocation_mode=InvocationMode.DBT_RUNNER,
            dbt_executable_path=dbt,
        ),
        render_config=RenderConfig(
            select=select,
            exclude=exclude or [],
            load_method=LoadMode.DBT_LS,
            invocation_mode=InvocationMode.DBT_RUNNER,  # `dbt ls` in-process too: no dbt on PATH needed
            test_behavior=TestBehavior.AFTER_EACH,
            # a test with two parents (relationships between models) gets its own task after both;
            # otherwise it runs with whichever parent comes first and checks the other's stale table
            should_detach_multiple_parents_tests=True,
            emit_datasets=False,
            enable_mock_profile=False,
        ),
        # dbt runs in the task's process and dbt-duckdb keeps the warehouse open after it returns;
        # release it, as the layer grain does, or the next task in the same process (the quality gate
        # under `airflow dags test`) cannot open the file read-only
        operator_args={"pool": settings.WAREHOUSE_POOL, "install_deps": False, "post_execute": release_warehouse},
    )
