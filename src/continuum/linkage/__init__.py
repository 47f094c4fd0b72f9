"""Person linkage: which records, across four feeds with no shared person key, are the same person.

Imports of DuckDB and Splink happen inside functions, because Airflow parses DAG files that import
this package and must stay fast.
"""
from __future__ import annotations

from pathlib import Path


def link_people(warehouse: Path, mode: str = "incremental", run_id: str | None = None, **kwargs) -> dict:
    """See continuum.linkage.run.link_people."""
    from continuum.linkage.run import link_people as _link_people

    return _link_people(warehouse, mode=mode, run_id=run_id, **kwargs)


__all__ = ["link_people"]
