"""Airflow DAG: Disclosure-controlled, gated, atomic publication, scheduled on the outcome marts' asset."""
from continuum.orchestration.factories import publish_dag

continuum_publish = publish_dag()
