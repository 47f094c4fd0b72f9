"""The committed suites are exactly what the generator makes from the contracts, and GX can load them.

This is what stops a contract change (a new code, a renamed column) from silently drifting away from
the gate: regenerate with `python -m continuum.quality.build_suites` and commit the result.
"""
from __future__ import annotations

import json

from continuum import contracts
from continuum.config import EXPECTATIONS_DIR, PUBLISHED_TABLES
from continuum.quality import build_suites
from continuum.quality.gx_context import committed_suites
from continuum.quality.suites import all_suites


def test_committed_suites_match_the_generator():
    stale = build_suites.stale_files(EXPECTATIONS_DIR)
    assert not stale, f"run `python -m continuum.quality.build_suites`: stale {stale}"
    assert build_suites.main(["--check"]) == 0


def test_a_contract_change_is_detected(tmp_path, monkeypatch):
    directory = build_suites.suites_dir(tmp_path)
    directory.mkdir(parents=True)
    for name, text in build_suites.expected_files().items():
        (directory / name).write_text(text)
    assert build_suites.stale_files(tmp_path) == []
    monkeypatch.setattr(contracts, "TEST_REASON", contracts.TEST_REASON + ("new_reason",))
    custody = contracts.CUSTODY
    column = custody.column("test_reason")
    changed = tuple(contracts.Column(c.name, c.type, c.required, contracts.TEST_REASON, c.minimum, c.maximum)
                    if c is column else c for c in custody.columns)
    monkeypatch.setitem(contracts.CONTRACTS, "custody",
                        contracts.Feed(custody.name, custody.key, custody.grain, changed, custody.conditionals))
    assert build_suites.stale_files(tmp_path) == ["staging.stg_custody__detentions.json"]


def test_suites_cover_every_feed_and_published_table_and_load_in_gx():
    import great_expectations as gx

    gx.get_context(mode="ephemeral")
    suites = committed_suites()
    assert set(suites) == set(all_suites())
    tables = {s["meta"]["continuum"]["table"] for s in suites.values()}
    assert set(PUBLISHED_TABLES) <= tables
    assert {"stg_police__arrests", "stg_custody__detentions", "stg_treatment__episodes",
            "stg_probation__events", "file_loads"} <= tables
    for suite in suites.values():
        loaded = gx.ExpectationSuite(**json.loads(json.dumps(suite)))
        assert len(loaded.expectations) == len(suite["expectations"])


def test_staging_suite_takes_codes_and_required_columns_from_the_contract():
    suite = all_suites()["staging.stg_custody__detentions"]
    by_column = {}
    for e in suite["expectations"]:
        by_column.setdefault(e["kwargs"].get("column"), []).append(e)
    in_set = [e["kwargs"]["value_set"] for e in by_column["test_reason"]
              if e["type"] == "expect_column_values_to_be_in_set"]
    assert in_set == [list(contracts.TEST_REASON)]
    not_null = {c for c, es in by_column.items() if any(e["type"] == "expect_column_values_to_not_be_null" for e in es)}
    assert {"custody_record_id", "custody_suite_code", "suite_la_code", "sex", "detained_at", "test_reason",
            "updated_at"} <= not_null
    assert "pnc_key" not in not_null and "surname" not in by_column  # staging drops names
