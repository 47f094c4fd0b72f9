"""`continuum generate`: a simulated world of people with ground truth, delivered as the four feeds.

See core.generate for the entry point, calibration for every behavioural parameter and its source.
"""
from continuum.generate.core import generate
from continuum.generate.presets import NOISE, PRESETS

__all__ = ["generate", "PRESETS", "NOISE"]
