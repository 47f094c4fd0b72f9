"""Airflow glue: assets, the manifest trigger, DAG factories and a local runner. No pipeline logic here."""
