"""DAG factories. Each task is a thin call into `continuum.pipeline`, the code `continuum run` runs.

Every task that writes the warehouse runs in the one-slot pool `continuum_warehouse` (DuckDB allows one
writer per file), and each DAG allows one active run.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from continuum.orchestration import assets, settings

DEFAULT_ARGS = {"retries": 1, "retry_delay": timedelta(seconds=settings.RETRY_DELAY_SECONDS)}
START = datetime(2026, 1, 1)


def _nightly_or(asset_condition):
    from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable

    return AssetOrTimeSchedule(
        timetable=CronTriggerTimetable(settings.NIGHTLY_CRON, timezone=settings.TIMEZONE),
        assets=asset_condition,
    )


def ingest_dag(feed: str):
    """Load one feed's new deliveries into raw: nightly, and as soon as a manifest lands."""
    from airflow.sdk import dag, task

    raw = assets.raw_asset(feed)

    @dag(
        dag_id=f"continuum_ingest_{feed}",
        schedule=_nightly_or(assets.landing_asset(feed)),
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["continuum", "ingest", feed],
        doc_md=f"""
### Ingest `{feed}`
Verifies each new `{feed}` delivery in the landing area against its manifest (row count, sha256),
loads valid rows into `raw.{feed}` with load metadata, and quarantines rows that break the feed contract
in `ingest.quarantine` with the rule they broke. A file already loaded is never loaded again.
Runs nightly and whenever a `{feed}_*.manifest.json` lands. Updates the asset `{raw.name}` when it
loaded something new; fails (after loading the good files) if any delivery was rejected, so that
someone looks at it.
""",
    )
    def _ingest():
        @task(pool=settings.WAREHOUSE_POOL)
        def load(**context) -> dict:
            from continuum import pipeline

            report = pipeline.ingest(settings.home(), settings.landing_dir(), feed, context["run_id"])
            return pipeline.ingest_summary(report)

        @task(outlets=[raw])
        def announce(summary: dict) -> None:
            from airflow.sdk.exceptions import AirflowSkipException

            if not summary.get("files_loaded"):
                raise AirflowSkipException("no new delivery loaded: downstream DAGs are not triggered")

        @task
        def check_rejections(summary: dict) -> None:
            from airflow.sdk.exceptions import AirflowFailException

            rejected = summary.get("rejected", [])
            if rejected:
                raise AirflowFailException(
                    f"{len(rejected)} {feed} deliveries rejected: " + "; ".join(rejected)
                )

        summary = load()
        announce(summary)
        check_rejections(summary)

    return _ingest()


def transform_dag():
    """Staging, quality gate, linkage and outcome marts, whenever any feed's raw data changes."""
    from airflow.sdk import AssetAny, dag, task

    from continuum.contracts import FEEDS

    @dag(
        dag_id="continuum_transform",
        schedule=AssetAny(*(assets.raw_asset(f) for f in FEEDS)),
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["continuum", "dbt", "linkage"],
        doc_md="""
### Transform
`dbt build` of the staging layer (typed, latest version of each record, pseudonymised) and the linkage
inputs; the Great Expectations gate on each feed's staging data; person linkage (deterministic keys,
then the versioned Splink model) into `linkage.person_records`; then `dbt build` of the linked facts,
journeys and outcome marts. dbt runs one process per layer: see the README for the measurement behind
that choice. Updates `continuum_outcomes`, which triggers publication.
""",
    )
    def _transform():
        @task(pool=settings.WAREHOUSE_POOL)
        def dbt_staging(**context) -> int:
            from continuum import pipeline

            return len(pipeline.build_staging(settings.home(), context["run_id"]))

        @task(pool=settings.WAREHOUSE_POOL)
        def quality_gate_staging(**context) -> None:
            from continuum import pipeline

            pipeline.gate_staging(settings.home(), context["run_id"])

        @task(pool=settings.WAREHOUSE_POOL)
        def link_people(**context) -> dict:
            from continuum import pipeline

            summary = pipeline.link(settings.home(), context["run_id"])
            return {k: v for k, v in summary.items() if isinstance(v, (int, float, str))}

        @task(pool=settings.WAREHOUSE_POOL, outlets=[assets.outcomes_asset()])
        def dbt_marts(**context) -> int:
            from continuum import pipeline

            return len(pipeline.build_marts(settings.home(), context["run_id"]))

        @task(outlets=[assets.outcomes_asset()])
        def outcomes_ready() -> None:
            """Marks the outcome marts as updated (per-model grain: after the last dbt task)."""

        if settings.DBT_GRAIN == "model":
            from continuum.orchestration.cosmos_groups import dbt_task_group
            from continuum.transform.dbt import MARTS_EXCLUDE, MARTS_SELECT, STAGING_SELECT

            staging = dbt_task_group("dbt_staging", STAGING_SELECT)
            marts = dbt_task_group("dbt_marts", MARTS_SELECT, MARTS_EXCLUDE)
            staging >> quality_gate_staging() >> link_people() >> marts >> outcomes_ready()
        else:
            dbt_staging() >> quality_gate_staging() >> link_people() >> dbt_marts()

    return _transform()


def publish_dag():
    """Disclosure control, the quality gate on the candidate, atomic swap, reconciliation."""
    from airflow.sdk import dag, task

    @dag(
        dag_id="continuum_publish",
        schedule=[assets.outcomes_asset()],
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["continuum", "publish"],
        doc_md="""
### Publish
Write-audit-publish: builds a candidate publication from the `outcomes` marts with disclosure control,
runs the Great Expectations gate on it, and only if it passes swaps it in atomically as
`published/outcomes.duckdb` and `published/parquet/`. A failed gate fails this task and leaves the
previous publication in place. Then records the night's reconciliation (rows delivered, loaded,
quarantined, superseded) in `ingest.reconciliation`.
""",
    )
    def _publish():
        @task(pool=settings.WAREHOUSE_POOL, outlets=[assets.published_asset()])
        def publish(**context) -> str:
            from continuum import pipeline
            from continuum.summary import publication_summary

            pipeline.publish(settings.home(), context["run_id"])
            return publication_summary(settings.home())

        @task(pool=settings.WAREHOUSE_POOL)
        def reconcile(**context) -> list:
            from continuum import pipeline

            return pipeline.reconcile(settings.home(), context["run_id"])

        publish() >> reconcile()

    return _publish()
