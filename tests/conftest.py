"""Shared fixtures: a generated tiny world per session (generation is deterministic, so sharing is safe)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SCALE = os.environ.get("CONTINUUM_TEST_SCALE", "tiny")


@pytest.fixture(scope="session")
def tiny_world(tmp_path_factory) -> Path:
    """A noise-free tiny world: the pipeline must reproduce its truth exactly."""
    from continuum.generate import generate

    out = tmp_path_factory.mktemp("world_clean")
    generate(out, seed=7, preset=SCALE, noise="none")
    return out


@pytest.fixture(scope="session")
def noisy_world(tmp_path_factory) -> Path:
    """A tiny world with the default identity and delivery mess."""
    from continuum.generate import generate

    out = tmp_path_factory.mktemp("world_noisy")
    generate(out, seed=11, preset=SCALE, noise="default")
    return out


def pytest_collection_modifyitems(config, items):
    """Slow (end-to-end) test files first. Under xdist (scripts/test.sh) each file goes to one worker in
    this order, so the few minute-long files start at once on separate workers and the many short ones
    fill the gaps; in the other order two long files would end the run on one worker."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
