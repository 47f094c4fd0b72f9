"""Airflow DAG: dbt staging -> quality gate -> person linkage -> dbt marts, scheduled on the raw feeds' assets."""
from continuum.orchestration.factories import transform_dag

continuum_transform = transform_dag()
