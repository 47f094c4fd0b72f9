"""Airflow DAGs: One ingest DAG per feed (police, custody, treatment, probation), all from one factory."""
from continuum.contracts import FEEDS
from continuum.orchestration.factories import ingest_dag

for _feed in FEEDS:
    globals()[f"continuum_ingest_{_feed}"] = ingest_dag(_feed)
