"""The demo world reproduces the published rates it is calibrated to (within sampling tolerance)."""
from __future__ import annotations

import math

import pytest

from continuum.generate import generate

# How far the model may sit from each target; sampling error (two standard errors at the world's n) is
# added on top, since a demo world sees only ~30 London Required Assessments.
TOLERANCE = {
    "test_positive_rate": 0.06,
    "positive_including_cocaine": 0.07,
    "positive_both": 0.07,
    "ra_attendance_london": 0.10,
    "ra_attendance_calderdale": 0.15,
    "continuity_of_care_21d": 0.10,
    "treatment_completed_share": 0.10,
    "drr_completed": 0.15,
    "proven_reoffending": 0.10,
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("gen_demo"), seed=3, preset="demo", noise="none", expected=False)


@pytest.mark.parametrize("measure", sorted(TOLERANCE))
def test_rate_near_target(demo, measure):
    from continuum.generate.calibration import TARGETS

    target = {name: t for name, t, _ in TARGETS}[measure]
    produced, n = demo["calibration"][measure], demo["calibration_n"][measure]
    allowed = TOLERANCE[measure] + 2 * math.sqrt(target * (1 - target) / max(n, 1))
    assert produced is not None and abs(produced - target) <= allowed, (measure, produced, target, n)


def test_areas_differ(demo):
    assert demo["calibration"]["ra_attendance_calderdale"] - demo["calibration"]["ra_attendance_london"] > 0.3


def test_volumes_are_england_sized(demo):
    for measure, target in [("arrests_per_year", 640_000), ("prison_releases_per_year", 57_000)]:
        assert 0.7 * target <= demo["calibration"][measure] <= 1.3 * target, measure
