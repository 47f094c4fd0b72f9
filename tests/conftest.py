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
