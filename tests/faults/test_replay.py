"""Delivering the same files twice, in another order, or replaying a whole night gives the same
published result; so does rebuilding the warehouse from the landing area."""
from __future__ import annotations

import shutil
from collections import defaultdict

import pytest

from continuum import pipeline
from continuum.config import Home
from continuum.contracts import FEEDS

from .helpers import published_content

pytestmark = pytest.mark.slow


def _nights(landing):
    """Deliveries grouped by extract date: {YYYYMMDD: [paths]}."""
    nights = defaultdict(list)
    for feed in FEEDS:
        for path in (landing / feed).iterdir():
            stamp = path.name.split("_")[1][:8]
            nights[stamp].append(path)
    return dict(sorted(nights.items()))


def _deliver(paths, landing):
    for path in sorted(paths, key=lambda p: p.name.endswith(".manifest.json")):  # CSVs first
        target = landing / path.parent.name
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / path.name)


def test_order_duplicates_and_replays_do_not_change_the_publication(tmp_path, tiny_world):
    source = tiny_world / "landing"
    in_order = Home(tmp_path / "in_order").ensure()
    pipeline.run_all(source, in_order, "in-order")
    expected = published_content(in_order.published_db)

    # replaying the same night on the same home changes nothing
    pipeline.run_all(source, in_order, "replay")
    assert published_content(in_order.published_db) == expected

    # the newest night first, then everything else; and the history delivered a second time
    nights = _nights(source)
    newest = list(nights)[-1]
    landing = tmp_path / "landing_reordered"
    reordered = Home(tmp_path / "reordered").ensure()
    _deliver(nights[newest], landing)
    pipeline.run_all(landing, reordered, "newest-first")
    for stamp, paths in nights.items():
        if stamp != newest:
            _deliver(paths, landing)
    pipeline.run_all(landing, reordered, "the-rest")
    pipeline.run_all(landing, reordered, "again")
    assert published_content(reordered.published_db) == expected

    # rebuilding from the landing area (a new warehouse) gives the same publication
    in_order.warehouse.unlink()
    pipeline.run_all(source, in_order, "rebuild")
    assert published_content(in_order.published_db) == expected
