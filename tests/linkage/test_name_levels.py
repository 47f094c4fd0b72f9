"""Which name level a pair of hand-made records reaches under the model in use.

Two gaps found in the national world's split people (docs/benchmarks.md, 2026-12-07 night): a
one-letter typo in a short forename (LISA / LLSA: Jaro-Winkler 0.85, under the 0.88 bar) fell to
"surname exact only", which counts against a match; and a swapped record whose surname field holds
forename and middle names (JASON ANTHONY / SMITH) was not seen as a swap, because the run-in
JASONANTHONY is only 0.883 like JASON. A later reading (2026-12-07, late) found a third: a PNC
id with one digit mistyped counted as "different", evidence against the pair, though it is the
person's own id keyed wrongly. Scored through Splink itself, on the same prepared features
the pipeline scores, so a model without the levels fails here.
"""
from __future__ import annotations

import duckdb

from continuum.linkage import model, prepare
from tests.linkage.test_rules import rec


def level_of(left: dict, right: dict, comparison: str = "name") -> str:
    """The label of the level of `comparison` Splink gives the pair (left, right) under the model
    in use."""
    from splink import DuckDBAPI
    from splink.internals.realtime import compare_records

    con = duckdb.connect()
    cols = ", ".join(prepare.INPUT_COLUMNS)
    con.execute(f"CREATE TABLE src AS SELECT {cols} FROM (VALUES (" + "), (".join(
        ", ".join("?" for _ in prepare.INPUT_COLUMNS) for _ in (left, right)) + f")) t({cols})",
        [r[c] for r in (left, right) for c in prepare.INPUT_COLUMNS])
    prepare.create_prepared(con, "src")
    splink_cols = ", ".join(prepare.SPLINK_COLUMNS)
    for side, key in (("l", left["record_key"]), ("r", right["record_key"])):
        con.execute(f"CREATE TABLE side_{side} AS SELECT {splink_cols} FROM prep WHERE record_key = ?", [key])
    trained = model.load_model(model.load_settings())
    gamma = compare_records("side_l", "side_r", trained, DuckDBAPI(connection=con)).as_record_list()[0][f"gamma_{comparison}"]
    levels = next(c for c in trained["comparisons"] if c["output_column_name"] == comparison)["comparison_levels"]
    # Splink numbers the levels from the last (0) up, the null level being -1
    scored = [lv for lv in levels if not lv.get("is_null_level")]
    return scored[len(scored) - 1 - gamma]["label_for_charts"]


def test_a_short_forenames_one_letter_typo_is_a_similar_forename():
    a = rec("police", "P1", "Hughes", "Lisa", sex="F")
    b = rec("probation", "E1", "Hughes", "Llsa", sex="F")
    assert level_of(a, b) == "surname exact, forename similar or another forename"


def test_a_short_forename_is_similar_one_edit_away_and_no_further():
    a = rec("police", "P1", "Hughes", "Ian")
    assert level_of(a, rec("probation", "E1", "Hughes", "Tom")) == "surname exact only"
    assert level_of(a, rec("probation", "E2", "Hughes", "Ivan")) != "surname exact only"  # one letter added


def test_a_swap_whose_surname_field_holds_middle_names_is_a_swap():
    a = rec("police", "P1", "Smith", "Jason Anthony")
    b = rec("custody", "C1", "Jason Anthony", "Smith")
    assert level_of(a, b) == "forename and surname swapped"
    assert level_of(b, a) == "forename and surname swapped"


def test_a_plain_swap_is_still_a_swap_and_strangers_still_differ():
    a = rec("police", "P1", "Smith", "Jason")
    assert level_of(a, rec("custody", "C1", "Jason", "Smith")) == "forename and surname swapped"
    assert level_of(a, rec("custody", "C2", "Anthony", "Smith")) == "names differ"


def test_a_pnc_id_one_keying_slip_apart_is_its_own_level():
    a = rec("police", "P1", "Thornridge", "Jason Paul", pnc_id="2025/5952286L")
    slip = "one keying slip apart (a character changed, dropped or added, two neighbours swapped)"
    for other in ("2025/5957286L", "2025/5925286L", "2025/595286L"):   # changed, swapped, dropped
        assert level_of(a, rec("custody", "C1", "Thornridge", "Jason Paul", pnc_id=other), "pnc_id") == slip
    assert level_of(a, rec("custody", "C2", "Thornridge", "Jason Paul", pnc_id="2025/5952286L"), "pnc_id") == "exact"
    assert level_of(a, rec("custody", "C3", "Thornridge", "Jason Paul", pnc_id="2025/5957289L"), "pnc_id") == "different"


def test_the_pipeline_links_people_through_the_new_levels(warehouse_of, read):
    """End to end through link_people: each pair is one person only if its name level counts for it
    (another authority, no shared key, so nothing but the model joins them)."""
    from continuum.linkage import link_people
    from tests.linkage.test_rules import people

    rows = [
        rec("police", "P1", "Hughes", "Lisa", dob="1979-08-23", sex="F", la="E08000025"),
        rec("probation", "E1", "Hughes", "Llsa", dob="1979-08-23", sex="F", la="E08000026"),
        rec("police", "P2", "Smith", "Jason Anthony", dob="1988-01-30", la="E06000018"),
        rec("custody", "C2", "Jason Anthony", "Smith", dob="1988-01-30", la="E06000019"),
        # a date of birth one year off, another authority, and a PNC id with one digit mistyped
        rec("police", "P3", "Thornridge", "Jason Paul", dob="1992-04-24", la="E08000036", pnc_id="2025/5952286L"),
        rec("police", "P4", "Thornridge", "Jason Paul", dob="1991-04-24", la="E08000035", pnc_id="2025/5957286L"),
    ]
    wh = warehouse_of(rows)
    link_people(wh, mode="full", run_id="r")
    assert people(read, wh) == [["custody:C2", "police:P2"], ["police:P1", "probation:E1"], ["police:P3", "police:P4"]]
