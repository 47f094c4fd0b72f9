"""Shared fixtures for the ingestion tests: a fresh warehouse file per test."""
from __future__ import annotations

import pytest


@pytest.fixture
def warehouse(tmp_path):
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def landing(tmp_path):
    path = tmp_path / "landing"
    path.mkdir()
    return path
