"""The classes behind the linkage floor on a hand-built warehouse: which treatment clients a linker
using their identifiers can place (unique), must guess (tie) or will place wrongly (lookalike); and
the justice namesakes no linker can tell apart."""
from __future__ import annotations

import csv

import duckdb
import pytest

from continuum.linkage.floor import (
    _DOB_ONE_APART,
    classify_clients,
    classify_namesakes,
    classify_slips,
    floor_assignment,
    pipeline_assignment,
)

JS = ("JS", "1990-01-01", "M", "E1")  # initials, date of birth, sex, local authority
# feed, record_key, true person, identity (JS or another), postcode district, client (provider:ref)
RECORDS = [
    # tie: P1's and P2's police records carry the same identifiers as P1's treatment client
    ("police", "a1", "P1", JS, "AB1", None), ("police", "a2", "P2", JS, "AB1", None),
    ("treatment", "t1", "P1", JS, "AB1", "PRV1:c1"), ("treatment", "t2", "P1", JS, "AB1", "PRV1:c1"),
    # lookalike: P3 is known only to treatment; P4's custody record (no postcode) fits
    ("custody", "k4", "P4", ("KC", "1981-12-25", "F", "E2"), None, None),
    ("treatment", "t3", "P3", ("KC", "1981-12-25", "F", "E2"), "CD2", "PRV1:c3"),
    # anchored: P5's client has a key edge to P5's custody record, whoever else fits
    ("custody", "k5", "P5", ("AB", "1975-05-05", "M", "E3"), None, None),
    ("police", "a6", "P6", ("AB", "1975-05-05", "M", "E3"), "EF3", None),
    ("treatment", "t5", "P5", ("AB", "1975-05-05", "M", "E3"), "EF3", "PRV2:c5"),
    # unique: P8 fits as well as P7, but P7 already holds another client number at that provider
    ("police", "a7", "P7", ("MW", "2000-02-29", "F", "E4"), "GH4", None),
    ("treatment", "t7", "P7", ("MW", "2000-02-29", "F", "E4"), "GH4", "PRV3:c7"),
    ("police", "a8", "P8", ("MW", "2000-02-29", "F", "E4"), "GH4", None),
    ("treatment", "t8", "P8", ("MW", "2000-02-29", "F", "E4"), "GH4", "PRV3:c8"),
    # unique: P9's police record agrees on the postcode district; P10's custody record has none
    ("police", "a9", "P9", ("RT", "1988-08-08", "M", "E5"), "JK5", None),
    ("custody", "k10", "P10", ("RT", "1988-08-08", "M", "E5"), None, None),
    ("treatment", "t9", "P9", ("RT", "1988-08-08", "M", "E5"), "JK5", "PRV4:c9"),
    # unclassed: known only to treatment, nobody fits; alone is right
    ("treatment", "t11", "P11", ("ZZ", "1999-09-09", "M", "E6"), "LM6", "PRV5:c11"),
    # namesakes: P12 and P13 share name, date of birth, sex and authority and one PNC id between them;
    # P14 lives elsewhere; P15 and P16 are told apart by their PNC ids
    ("police", "a12", "P12", ("JS", "1985-03-03", "M", "E7"), "NP7", None),
    ("police", "a12b", "P12", ("JS", "1985-03-03", "M", "E7"), "NP7", None),
    ("probation", "b13", "P13", ("JS", "1985-03-03", "M", "E7"), "NP7", None),
    ("police", "a14", "P14", ("JS", "1985-03-03", "M", "E8"), "QR8", None),
    ("police", "a15", "P15", ("IK", "1970-01-01", "M", "E9"), "ST9", None),
    ("custody", "k16", "P16", ("IK", "1970-01-01", "M", "E9"), None, None),
    # fits within one slip only (unclassed): P20's own police record, a date of birth one digit off,
    # and nothing but identifiers speaks for the client (self-referred)
    ("police", "a20", "P20", ("LB", "1992-04-13", "M", "E10"), "UV10", None),
    ("treatment", "t20", "P20", ("LB", "1992-04-14", "M", "E10"), "UV10", "PRV6:c20"),
    # a stranger's: P21 is known only to treatment, referred by probation; P22's day and month swapped
    ("police", "a22", "P22", ("GH", "1979-07-06", "F", "E11"), "WX11", None),
    ("treatment", "t21", "P21", ("GH", "1979-06-07", "F", "E11"), "WX11", "PRV6:c21"),
    # a stranger's, self-referred: P24's initials are P23's reversed
    ("custody", "k24", "P24", ("ON", "1960-01-01", "M", "E12"), None, None),
    ("treatment", "t23", "P23", ("NO", "1960-01-01", "M", "E12"), None, "PRV6:c23"),
    # a tie within one slip, referred: P25's own and P26's police records both one digit off
    ("police", "a25", "P25", ("RS", "1955-02-02", "M", "E13"), None, None),
    ("police", "a26", "P26", ("RS", "1955-02-02", "M", "E13"), None, None),
    ("treatment", "t25", "P25", ("RS", "1955-02-03", "M", "E13"), None, "PRV6:c25"),
    # a stranger's, self-referred, with the same evidence as P20's (one digit, postcode district agrees)
    ("police", "a29", "P29", ("PQ", "1970-03-03", "M", "E15"), "YZ15", None),
    ("treatment", "t28", "P28", ("PQ", "1970-03-04", "M", "E15"), "YZ15", "PRV6:c28"),
    # and P30's own, with that evidence too
    ("police", "a30", "P30", ("WX", "1980-05-05", "F", "E16"), "AA16", None),
    ("treatment", "t30", "P30", ("WX", "1980-05-06", "F", "E16"), "AA16", "PRV6:c30"),
    # two slips off P27's police record: fits nobody within one slip
    ("police", "a27", "P27", ("TU", "1966-06-16", "F", "E14"), None, None),
    ("treatment", "t27", "P27", ("TU", "1966-07-17", "F", "E14"), None, "PRV6:c27"),
]
HANDOVER = {"t21": "probation:E11", "t25": "drr:E13"}  # episodes a justice agency referred
# record_key -> surname, forenames, PNC id (records not listed carry no name: the classes above use none)
NAMES = {"a12": ("Smith", "John Paul", "2001/0000001A"), "a12b": ("SMITH", "John", None),
         "b13": ("Smith", "john", None), "a14": ("Smith", "John", None),
         "a15": ("Khan", "Imran", "1990/0000002B"), "k16": ("Khan", "Imran", "1992/0000003C")}


def _named(record_key):
    surname, forenames, pnc = NAMES.get(record_key, (None, None, None))
    return surname, forenames, forenames and forenames.split()[0], pnc


@pytest.fixture()
def con(tmp_path):
    wh = tmp_path / "warehouse.duckdb"
    w = duckdb.connect(str(wh))
    w.execute("CREATE SCHEMA linkage_inputs")
    w.execute("""CREATE TABLE linkage_inputs.int_identity_records_unioned (feed VARCHAR, record_key VARCHAR,
        initials VARCHAR, date_of_birth DATE, sex VARCHAR, la_code VARCHAR, postcode_district VARCHAR,
        source_person_ref VARCHAR, surname VARCHAR, forenames VARCHAR, first_forename VARCHAR, pnc_id VARCHAR,
        handover_key VARCHAR)""")
    w.executemany("INSERT INTO linkage_inputs.int_identity_records_unioned VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  [(f, k, *ident, pcd, client, *_named(k), HANDOVER.get(k)) for f, k, _, ident, pcd, client in RECORDS])
    w.execute("CREATE SCHEMA linkage")
    w.execute("CREATE TABLE linkage.edges (uid_l VARCHAR, uid_r VARCHAR, link_method VARCHAR)")
    w.executemany("INSERT INTO linkage.edges VALUES (?, ?, ?)", [
        ("custody|k5", "treatment|t5", "treatment_custody_record_id"),
        ("treatment|t1", "treatment|t2", "treatment_client_ref"),  # inside the client: anchors nothing
        ("police|a2", "treatment|t1", "probabilistic"),  # a score is not an anchor
    ])
    w.execute("CREATE TABLE linkage.person_records (feed VARCHAR, record_key VARCHAR, person_key VARCHAR)")
    # the pipeline: tie kept apart, lookalike merged into P4, namesakes merged, the rest right
    placed = {"t1": "x1", "t2": "x1", "t3": "pP4", "b13": "pP12"}
    w.executemany("INSERT INTO linkage.person_records VALUES (?, ?, ?)",
                  [(f, k, placed.get(k, "p" + p)) for f, k, p, *_ in RECORDS])
    w.close()
    truth = tmp_path / "record_persons.csv"
    with open(truth, "w", newline="") as f:
        csv.writer(f).writerows([("feed", "record_key", "person_id")] + [(r[0], r[1], r[2]) for r in RECORDS])
    c = duckdb.connect()
    c.execute(f"ATTACH '{wh}' AS wh (READ_ONLY)")
    yield c, truth
    c.close()


def test_classes(con):
    con, truth = con
    figures = classify_clients(con, truth)
    classes = dict(con.execute("SELECT client, class FROM client_class").fetchall())
    assert classes == {"PRV1:c1": "tie", "PRV1:c3": "lookalike", "PRV3:c7": "unique", "PRV3:c8": "unique",
                       "PRV4:c9": "unique"}
    assert figures["treatment_clients"] == 14 and figures["clients_anchored"] == 1
    assert figures["tie_sizes"] == {2: 1}
    assert figures["episodes_by_class"] == {"lookalike": 1, "tie": 2, "unique": 3}
    assert figures["pipeline_placed_right_by_class"] == {"lookalike": "0 of 1", "tie": "0 of 1", "unique": "3 of 3"}
    assert figures["clients_with_several_true_people"] == 0


def test_assignments(con, tmp_path):
    con, truth = con
    classify_clients(con, truth)

    def people(classes, ties, draw):
        out = tmp_path / f"{ties}-{draw}.parquet"
        moved = floor_assignment(con, classes, ties, draw, out)
        return moved, dict(con.execute(f"SELECT record_key, person_key FROM '{out}'").fetchall())

    moved, p = people(("tie", "lookalike"), "apart", 1)
    assert moved == 3 and p["t1"] == p["t2"] == "truth_apart_PRV1:c1" and p["t3"] == "truth_P4"
    assert {k: v for k, v in p.items() if k not in ("t1", "t2", "t3")} == {
        r[1]: "truth_" + r[2] for r in RECORDS if r[1] not in ("t1", "t2", "t3")}
    drawn = {people(("tie",), "draw", d)[1]["t1"] for d in range(1, 21)}
    assert drawn == {"truth_P1", "truth_P2"}  # a tie goes to either, by the draw
    assert people(("tie",), "draw", 1)[1]["t3"] == "truth_P3"  # lookalikes left on their person


def test_pipeline_placements_in_true_people(con, tmp_path):
    con, truth = con
    classify_clients(con, truth)
    out = tmp_path / "pipeline.parquet"
    # the fixture's pipeline kept the tie apart and put the lookalike with P4; it placed the rest right
    assert pipeline_assignment(con, ("tie", "lookalike", "unique", "anchored"), out) == 3
    p = dict(con.execute(f"SELECT record_key, person_key FROM '{out}'").fetchall())
    assert p["t1"] == p["t2"] == "truth_split_x1" and p["t3"] == "truth_P4"
    assert p["t5"] == "truth_P5" and p["t8"] == "truth_P8"
    assert pipeline_assignment(con, ("unique",), out) == 0
    assert pipeline_assignment(con, ("unclassed",), out) == 0  # alone, as its person is
    assert dict(con.execute(f"SELECT record_key, person_key FROM '{out}'").fetchall())["t11"] == "truth_P11"
    # every class named: the pipeline's own people, renamed (x1 for P1's client apart, pP4 holding P3's,
    # pP12 holding P13's probation record)
    everything = ("unique", "tie", "lookalike", "unclassed", "anchored", "police", "custody", "probation",
                  "namesake")
    assert pipeline_assignment(con, everything, out) == 4
    pairs = con.execute(f"SELECT t.person_key, p.person_key FROM '{out}' t JOIN wh.linkage.person_records p "
                        "USING (feed, record_key)").fetchall()
    assert len({a for a, _ in pairs}) == len({b for _, b in pairs}) == len(set(pairs))  # one to one
    assert pipeline_assignment(con, ("probation",), out) == 1  # the namesakes' merge, on its own


def test_namesakes(con, tmp_path):
    con, truth = con
    classify_clients(con, truth)
    assert classify_namesakes(con) == {"namesake_groups": 1, "namesake_people": 2, "namesake_records": 3,
                                       "namesake_groups_the_pipeline_merged": 1}
    out = tmp_path / "namesakes.parquet"
    # the ideal linker with namesakes made one person: P13's probation record joins P12
    assert floor_assignment(con, ("tie", "lookalike"), "apart", 1, out, namesakes=True) == 3 + 1
    p = dict(con.execute(f"SELECT record_key, person_key FROM '{out}'").fetchall())
    assert p["a12"] == p["a12b"] == p["b13"] == "truth_P12"
    assert (p["a14"], p["a15"], p["k16"]) == ("truth_P14", "truth_P15", "truth_P16")
    assert floor_assignment(con, ("tie", "lookalike"), "apart", 1, out) == 3  # without: as before
    # the pipeline's placement of namesakes' justice records is now a class of its own
    assert pipeline_assignment(con, ("namesake",), out) == 1
    assert pipeline_assignment(con, ("police", "custody", "probation"), out) == 0


def test_slips(con, tmp_path):
    con, truth = con
    classify_clients(con, truth)
    figures = classify_slips(con)
    assert dict(con.execute("SELECT client, class || ', ' || referred FROM slip_class").fetchall()) == {
        "PRV6:c20": "slip unique, false", "PRV6:c21": "slip lookalike, true",
        "PRV6:c23": "slip lookalike, false", "PRV6:c25": "slip tie, true",
        "PRV6:c28": "slip lookalike, false", "PRV6:c30": "slip unique, false"}  # c27: two slips, no fit
    assert figures["slip_clients_by_class"] == {
        "slip lookalike, identifiers only": 2, "slip lookalike, referred": 1,
        "slip tie, referred": 1, "slip unique, identifiers only": 2}
    assert figures["slip_sole_fits_by_pattern"] == {
        "a postcode district missing, initials reversed, identifiers only": "0 own, 1 stranger",
        "postcode district agrees, date of birth slip, identifiers only": "2 own, 1 stranger",
        "postcode district agrees, day and month swapped, referred": "0 own, 1 stranger"}
    # all three date slips there are a day out (P20's, P28's and P30's clients)
    assert figures["slip_sole_fits_by_date_kind"] == {
        "postcode district agrees, date of birth slip, identifiers only, "
        "a day, a month or a year one out, or the year ten out": "2 own, 1 stranger"}
    # the fixture's pipeline put these clients with their true people: P20, P30, and P25 (one of the tie's two)
    assert figures["slip_clients_the_pipeline_joined"] == {"slip tie": 1, "slip unique": 2}

    def people(slips):
        out = tmp_path / f"slips-{slips}.parquet"
        moved = floor_assignment(con, ("tie", "lookalike"), "apart", 1, out, slips=slips)
        return moved, dict(con.execute(f"SELECT record_key, person_key FROM '{out}'").fetchall())

    # kept apart: P20's and P30's clients lose their person; P23's and P28's, alone in truth, stay so
    moved, p = people("apart")
    assert moved == 3 + 4
    assert (p["t20"], p["t21"], p["t23"], p["t25"], p["t28"], p["t30"]) == (
        "truth_apart_PRV6:c20", "truth_P22", "truth_P23", "truth_apart_PRV6:c25", "truth_P28", "truth_apart_PRV6:c30")
    # joined: P20's and P30's clients are right, P23's goes to the stranger whose initials are its reverse
    moved, p = people("joined")
    assert moved == 3 + 4
    assert (p["t20"], p["t21"], p["t23"], p["t25"], p["t28"], p["t30"]) == (
        "truth_P20", "truth_P22", "truth_P24", "truth_apart_PRV6:c25", "truth_P29", "truth_P30")
    # by pattern: a one-digit slip with the postcode district agreeing is the client's own person two
    # times in three, so those are joined (P28's to the stranger); the other patterns are kept apart
    moved, p = people("by pattern")
    assert moved == 3 + 2
    assert (p["t20"], p["t21"], p["t23"], p["t25"], p["t28"], p["t30"]) == (
        "truth_P20", "truth_P21", "truth_P23", "truth_apart_PRV6:c25", "truth_P29", "truth_P30")
    assert p["t27"] == "truth_P27" and p["a26"] == "truth_P26"  # beyond one slip: left true (a lower bound)
    with pytest.raises(ValueError):
        floor_assignment(con, ("tie",), "apart", 1, tmp_path / "x.parquet", slips="drawn")


@pytest.mark.parametrize("client, record, near", [
    ("1992-04-13", "1992-04-14", True),    # a day out
    ("1979-12-31", "1980-01-01", True),    # a day out, over a new year
    ("1980-11-28", "1980-12-28", True),    # a month out
    ("1989-12-31", "1990-12-31", True),    # a year out
    ("1952-07-30", "1962-07-30", True),    # the year ten out
    ("1983-07-25", "1986-07-25", False),   # another digit of the year
    ("1991-07-09", "1991-07-04", False),   # another digit of the day
    ("1992-05-06", "1992-09-06", False),   # another digit of the month
])
def test_a_date_slip_that_keeps_the_date_near_is_told_from_another(client, record, near):
    got = duckdb.sql(f"""SELECT {_DOB_ONE_APART} FROM (SELECT DATE '{client}' AS dob) v,
                                                      (SELECT DATE '{record}' AS dob) r""").fetchall()[0][0]
    assert got is near
