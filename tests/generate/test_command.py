"""`continuum generate` is registered by add_parser and prints the calibration report."""
from __future__ import annotations

import argparse

from continuum.generate.command import add_parser


def test_cli_generates_and_reports(tmp_path, capsys, monkeypatch):
    import continuum.generate.core as core

    real = core.generate
    monkeypatch.setattr(core, "generate", lambda *a, **k: real(*a, **{**k, "expected": False}))
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["generate", "--seed", "4", "--out", str(tmp_path), "--preset", "tiny",
                              "--noise", "none", "--people", "120", "--start", "2025-01-01", "--end", "2025-03-31"])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "120 people, 2025-01-01 to 2025-03-31" in text
    assert "test_positive_rate" in text and "target" in text and "produced" in text
    assert (tmp_path / "landing" / "police" / "police_20250331.csv").exists()
    assert (tmp_path / "landing" / "police" / "police_20250324.csv").exists()


def test_cli_rejects_bad_dates(tmp_path):
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["generate", "--out", str(tmp_path), "--start", "2025-06-01", "--end", "2025-01-01"])
    assert args.func(args) == 2
