"""Deliveries follow feeds.md: parseable CSV, contract headers, valid values, true manifests, unique
keys -- and, with --defects, exactly the labelled breaches and no others."""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from continuum.contracts import CONTRACTS, FEEDS
from continuum.generate import generate
from continuum.generate.validate import check_landing, read_csv


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen_clean")
    generate(out, seed=21, noise="default", expected=False)
    return out


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen_defects")
    generate(out, seed=22, noise="default", defects=True, expected=False)
    return out


def test_every_landing_file_is_valid_without_defects(clean):
    assert check_landing(clean / "landing") == []


def test_headers_manifests_and_keys(clean):
    files = sorted((clean / "landing").glob("*/*.csv"))
    assert len(files) >= 4 * 7
    for path in files:
        feed = path.parent.name
        contract = CONTRACTS[feed]
        header, rows = read_csv(path)
        assert sorted(header) == sorted(contract.column_names), path.name
        manifest = json.loads(path.with_name(path.stem + ".manifest.json").read_text())
        assert manifest == {"feed": feed, "extract_date": f"{path.stem[-8:-4]}-{path.stem[-4:-2]}-{path.stem[-2:]}",
                            "row_count": len(rows), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        keys = [r[contract.key] for r in rows]
        assert len(keys) == len(set(keys)), path.name


def test_history_then_daily_deltas(clean):
    for feed in FEEDS:
        names = sorted(p.name for p in (clean / "landing" / feed).glob("*.csv"))
        assert names[0] == f"{feed}_20250623.csv"  # tiny: 6 months, the last 7 days as deltas
    _, rows = read_csv(clean / "landing" / "police" / "police_20250623.csv")
    assert len(rows) > 100


def test_quoting_is_exercised_and_round_trips(clean):
    raw = b"".join(p.read_bytes() for p in (clean / "landing").glob("*/*.csv"))
    assert b"O'" in raw or b"D'Souza" in raw
    assert b'"' in raw  # at least one quoted field (comma, quote or newline inside)
    fields = [v for p in (clean / "landing").glob("*/*.csv") for r in read_csv(p)[1] for v in r.values()]
    assert any("\n" in v for v in fields) and any("," in v for v in fields)


def test_defects_are_exactly_the_labelled_breaches(broken):
    with open(broken / "truth" / "defects.csv", newline="") as f:
        labelled = {(r["feed"], r["file_name"], int(r["row_number"]) if r["row_number"] else None, r["rule"])
                    for r in csv.DictReader(f)}
    found = set(check_landing(broken / "landing"))
    assert found == labelled
    rules = {r[3] for r in labelled}
    expected_rules = {"missing_required_value", "invalid_code", "invalid_date", "invalid_timestamp",
                      "invalid_integer", "out_of_range", "invalid_la_code", "invalid_pnc_id", "future_date",
                      "duplicate_key_in_file", "manifest_row_count_mismatch", "manifest_sha256_mismatch",
                      "missing_required_column", "no_manifest", "unknown_column"}
    expected_rules |= {c.rule for feed in CONTRACTS.values() for c in feed.conditionals}
    assert expected_rules <= rules


def test_defective_rows_are_not_truth(broken):
    with open(broken / "truth" / "defects.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["row_number"]]
    for r in rows:
        feed = r["feed"]
        _, delivered = read_csv(broken / "landing" / feed / r["file_name"])
        key = delivered[int(r["row_number"]) - 1][CONTRACTS[feed].key]
        _, truth = read_csv(broken / "truth" / "records" / f"{feed}.csv")
        assert key not in {t[CONTRACTS[feed].key] for t in truth}
    outcomes = {r["rule"]: r["expected_outcome"] for r in csv.DictReader(open(broken / "truth" / "defects.csv"))}
    assert outcomes["no_manifest"] == "waiting"
    assert outcomes["unknown_column"] == "loaded_with_warning"
    assert outcomes["manifest_sha256_mismatch"] == "rejected_file"


def test_no_record_from_the_future_when_people_die_before_a_booked_referral(tmp_path):
    """Referrals are booked ahead (after a release, at a DRR start); a person who died before the date
    must leave no episode. Seed 2 at 30,000 tiny-preset people hit this twice before the fix (a
    discharge version carrying its later referral_date: quarantined as future_date by ingest)."""
    generate(tmp_path, seed=2, people=30_000, noise="default", expected=False, quiet=True)
    assert check_landing(tmp_path / "landing") == []
