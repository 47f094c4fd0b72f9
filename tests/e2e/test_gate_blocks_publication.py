"""A failed quality gate blocks publication, names what failed, and leaves the last publication as it was."""
from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from continuum import pipeline
from continuum.config import Home

pytestmark = pytest.mark.slow


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_bad_outcomes_are_not_published(tmp_path, tiny_world):
    home = Home(tmp_path / "home").ensure()
    pipeline.run_all(tiny_world / "landing", home, "night1")
    good = _digest(home.published_db)
    good_parquet = {p.name: _digest(p) for p in home.published_parquet_dir.glob("*.parquet")}

    # break the exact marts the way a bug would: a numerator above its denominator
    con = duckdb.connect(str(home.warehouse))
    try:
        con.execute("update outcomes.dtoa_funnel set positive = tests + 50, positive_rate = 1.7 "
                    "where la_code = 'ALL'")
    finally:
        con.close()

    from continuum.quality.gate import QualityGateFailed

    with pytest.raises(QualityGateFailed) as failure:
        pipeline.publish(home, "night2")
    message = str(failure.value)
    assert "dtoa_funnel" in message
    assert "positive_rate" in message or "positive" in message
    assert _digest(home.published_db) == good
    assert {p.name: _digest(p) for p in home.published_parquet_dir.glob("*.parquet")} == good_parquet
