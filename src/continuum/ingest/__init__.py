"""Ingestion: landing area -> raw layer, with quarantine, idempotency and reconciliation.

Heavy imports (duckdb, pyarrow) happen inside functions, so an Airflow DAG file may import this
package at parse time.
"""
from continuum.ingest.discovery import Delivery, Manifest, discover
from continuum.ingest.loader import ingest_feed
from continuum.ingest.reconcile import format_reconciliation, reconciliation
from continuum.ingest.report import FeedIngestReport, FileOutcome, RowError
from continuum.ingest.schema import ensure_schema

__all__ = ["Delivery", "Manifest", "discover", "ingest_feed", "reconciliation", "format_reconciliation",
           "FeedIngestReport", "FileOutcome", "RowError", "ensure_schema"]
