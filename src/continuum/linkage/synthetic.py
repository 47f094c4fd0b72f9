"""A small, seeded, noisy identity world for tests and for choosing the threshold before the real
generator's worlds exist.

It writes rows shaped like `linkage_inputs.int_identity_records_unioned` plus the truth
(feed, record_key, person_id). The noise follows feeds.md's "identity is messy" paragraph:
typos, nicknames, swapped forename/surname, day/month swaps and digit typos in dates of birth, missing
and wrong PNC ids, custody arrest ids that are sometimes missing or wrong, treatment initials only --
and it plants hard non-matches (siblings sharing surname, area and postcode; twins sharing a date of
birth) so that precision is really tested.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from continuum.linkage.prepare import INPUT_COLUMNS, load_nicknames

SURNAMES = (
    "SMITH JONES TAYLOR BROWN WILLIAMS WILSON JOHNSON DAVIES ROBINSON WRIGHT THOMPSON EVANS WALKER "
    "WHITE ROBERTS GREEN HALL WOOD JACKSON CLARKE PATEL KHAN LEWIS JAMES PHILLIPS MASON MITCHELL ROSE "
    "DAVIS RODRIGUEZ COX ALEXANDER MORRIS KING LEE HARRIS SCOTT BAKER ADAMS CAMPBELL ANDERSON ALLEN "
    "COOK BAILEY PARKER MILLER CLARK MURPHY HUGHES EDWARDS TURNER HILL COOPER WARD MORGAN MOORE "
    "YOUNG CARTER HUSSAIN ALI AHMED BEGUM OKAFOR MENSAH NOWAK KOWALSKI OBRIEN KELLY SHAW LLOYD "
    "FISHER GRAHAM HARVEY PRICE BENNETT GRIFFITHS KENNEDY MARSHALL SIMPSON STEVENS WEBB MILLS "
    "FOSTER RICHARDS DIXON HUNT HOLMES PALMER MASON ELLIS FLETCHER REID GIBSON OWEN POWELL"
).split()
MALE = ("JOHN MICHAEL DAVID JAMES ROBERT WILLIAM RICHARD THOMAS CHRISTOPHER DANIEL MATTHEW ANTHONY "
        "STEPHEN ANDREW PETER JOSEPH SAMUEL BENJAMIN ALEXANDER EDWARD HENRY CHARLES NICHOLAS KENNETH "
        "LIAM CONNOR JORDAN RYAN KYLE DEAN LEE CRAIG JASON MOHAMMED OMAR KWAME TOMASZ PIOTR").split()
FEMALE = ("ELIZABETH KATHERINE SUSAN JENNIFER MARGARET PATRICIA AMANDA REBECCA VICTORIA SARAH DEBORAH "
          "JESSICA NICOLA LOUISE TERESA JOANNE EMILY ABIGAIL ANNE CHRISTINE STEPHANIE SOPHIE GILLIAN MARY "
          "CHARLOTTE KERRY LEANNE CHELSEA JADE DANIELLE AISHA FATIMA AGNIESZKA").split()
LAS = {
    "E09000012": ("E8", "E9", "N16", "E5"), "E09000030": ("E1", "E2", "E3", "E14"),
    "E09000025": ("E6", "E7", "E12", "E13", "E15"), "E08000033": ("HX1", "HX2", "HX3", "HX7"),
    "E08000035": ("LS1", "LS6", "LS8", "LS9", "LS11"), "E06000018": ("NG1", "NG3", "NG5", "NG7"),
}


@dataclass
class Noise:
    """Per-record probabilities; `scale` multiplies all of them (0 = clean, 1 = default)."""

    scale: float = 1.0
    nickname: float = 0.08
    surname_typo: float = 0.05
    forename_typo: float = 0.04
    name_swap: float = 0.015
    drop_middle: float = 0.3
    dob_swap: float = 0.03
    dob_typo: float = 0.02
    sex_unknown: float = 0.02
    pnc_missing: float = 0.4
    pnc_wrong: float = 0.02
    arrest_id_missing: float = 0.1
    arrest_id_wrong: float = 0.03
    custody_ref_wrong: float = 0.03
    other_la: float = 0.2

    def p(self, name: str) -> float:
        return min(1.0, getattr(self, name) * self.scale) if name not in ("drop_middle",) else self.drop_middle


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.choice(("sub", "del", "swap", "ins"))
    letters = "ABCDEFGHIJKLMNOPRSTUVWY"
    if kind == "sub":
        return s[:i] + rng.choice(letters) + s[i + 1:]
    if kind == "del":
        return s[:i] + s[i + 1:]
    if kind == "ins":
        return s[:i] + rng.choice(letters) + s[i:]
    return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]


def _dob_typo(rng: random.Random, d: dt.date) -> dt.date:
    s = list(d.isoformat())
    for _ in range(20):
        pos = rng.choice((2, 3, 6, 8, 9))
        t = s.copy()
        t[pos] = str(rng.randrange(10))
        try:
            nd = dt.date.fromisoformat("".join(t))
        except ValueError:
            continue
        if nd != d and 1940 <= nd.year <= 2010:
            return nd
    return d + dt.timedelta(days=1)


def make_world(n_people: int = 400, seed: int = 7, noise: Noise | None = None) -> tuple[list[dict], list[tuple]]:
    """Return (input rows, truth rows (feed, record_key, person_id)); deterministic for a seed."""
    rng = random.Random(seed)
    noise = noise or Noise()
    by_canon: dict[str, list[str]] = {}
    for nick, canon, _sex in load_nicknames():
        by_canon.setdefault(canon, []).append(nick)
    weights = [1 / (i + 1) ** 0.8 for i in range(len(SURNAMES))]
    people = []
    for pid in range(n_people):
        sex = rng.choice("MF")
        la = rng.choice(list(LAS))
        if people and rng.random() < 0.12:  # sibling: same family name and home, other person
            sib = rng.choice(people)
            surname, la, pcd = sib["surname"], sib["la"], sib["pcd"]
            dob = sib["dob"] + dt.timedelta(days=rng.choice((0, 0, 1)) * 0 + rng.randrange(-3000, 3000))
            if rng.random() < 0.15:
                dob = sib["dob"]  # twins
        else:
            surname = rng.choices(SURNAMES, weights)[0]
            pcd = rng.choice(LAS[la])
            dob = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(45 * 365))
        first = rng.choice(MALE if sex == "M" else FEMALE)
        middle = rng.choice(MALE if sex == "M" else FEMALE) if rng.random() < 0.4 else None
        people.append(dict(pid=f"P{pid:06d}", surname=surname, first=first, middle=middle, dob=dob,
                           sex=sex, la=la, pcd=pcd,
                           pnc=f"{rng.randrange(1980, 2024)}/{rng.randrange(10**7):07d}{rng.choice('ABCDEFGHJK')}",
                           crn=f"X{pid:06d}"))

    rows: list[dict] = []
    truth: list[tuple] = []
    arrest_ids: list[str] = []
    custody_ids: list[str] = []

    def identity(p: dict) -> dict:
        first, middle, surname = p["first"], p["middle"], p["surname"]
        if rng.random() < noise.p("nickname") and by_canon.get(first):
            first = rng.choice(by_canon[first])
        if rng.random() < noise.p("forename_typo"):
            first = _typo(rng, first)
        if rng.random() < noise.p("surname_typo"):
            surname = _typo(rng, surname)
        forenames = first + (" " + middle if middle and rng.random() > noise.p("drop_middle") else "")
        if rng.random() < noise.p("name_swap"):
            forenames, surname = surname, first
        dob = p["dob"]
        if rng.random() < noise.p("dob_swap") and dob.day <= 12 and dob.day != dob.month:
            dob = dt.date(dob.year, dob.day, dob.month)
        elif rng.random() < noise.p("dob_typo"):
            dob = _dob_typo(rng, dob)
        sex = "U" if rng.random() < noise.p("sex_unknown") else p["sex"]
        la = p["la"] if rng.random() > noise.p("other_la") else rng.choice(list(LAS))
        return dict(surname=surname.title(), forenames=forenames.title(),
                    first_forename=forenames.split(" ")[0].title(),
                    initials=(forenames[0] + surname[0]).upper(), date_of_birth=dob, sex=sex,
                    la_code=la)

    def pnc(p: dict) -> str | None:
        if rng.random() < noise.p("pnc_missing"):
            return None
        if rng.random() < noise.p("pnc_wrong"):
            return rng.choice(people)["pnc"]
        return p["pnc"]

    def add(feed: str, key: str, p: dict, **kw) -> None:
        row = {c: None for c in INPUT_COLUMNS}
        row.update(feed=feed, record_key=key, event_date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(600)))
        row.update(kw)
        rows.append(row)
        truth.append((feed, key, p["pid"]))

    for p in people:
        n_arrests = rng.choice((0, 1, 1, 2, 2, 3, 4, 6))
        provider_refs: dict[str, str] = {}
        for _ in range(n_arrests):
            aid = f"A{len(arrest_ids):07d}"
            arrest_ids.append(aid)
            add("police", aid, p, **identity(p), pnc_id=pnc(p),
                postcode_district=p["pcd"] if rng.random() < 0.8 else None)
            if rng.random() < 0.8:
                cid = f"C{len(custody_ids):07d}"
                custody_ids.append(cid)
                link = aid
                if rng.random() < noise.p("arrest_id_missing"):
                    link = None
                elif rng.random() < noise.p("arrest_id_wrong"):
                    link = rng.choice(arrest_ids)
                add("custody", cid, p, **identity(p), pnc_id=pnc(p), linked_arrest_id=link)
                if rng.random() < 0.3:
                    provider = rng.choice(("PRV01", "PRV02", "PRV03"))
                    ref = provider_refs.setdefault(provider, f"{provider}:{p['pid']}")
                    ident = identity(p)
                    cref = cid if rng.random() > noise.p("custody_ref_wrong") else rng.choice(custody_ids)
                    add("treatment", f"T{len(rows):07d}", p, initials=ident["initials"],
                        date_of_birth=ident["date_of_birth"], sex=ident["sex"], la_code=p["la"],
                        postcode_district=p["pcd"] if rng.random() < 0.9 else None,
                        source_person_ref=ref, linked_custody_record_id=cref if rng.random() < 0.6 else None)
        if rng.random() < (0.25 if n_arrests == 0 else 0.3):  # self/GP referrals, no arrest
            for _ in range(rng.choice((1, 1, 2))):
                provider = rng.choice(("PRV01", "PRV02", "PRV03"))
                ref = provider_refs.setdefault(provider, f"{provider}:{p['pid']}")
                ident = identity(p)
                add("treatment", f"T{len(rows):07d}", p, initials=ident["initials"],
                    date_of_birth=ident["date_of_birth"], sex=ident["sex"], la_code=p["la"],
                    postcode_district=p["pcd"] if rng.random() < 0.9 else None, source_person_ref=ref)
        if n_arrests and rng.random() < 0.35:
            for _ in range(rng.choice((1, 2, 2, 3))):
                add("probation", f"E{len(rows):07d}", p, **identity(p), pnc_id=pnc(p),
                    source_person_ref=p["crn"])
    return rows, truth


def write_input_table(con, rows: list[dict], table: str = "linkage_inputs.int_identity_records_unioned") -> None:
    """Create the documented input table in an open DuckDB connection and fill it with `rows`."""
    import pandas as pd

    schema = table.split(".")[0] if "." in table else None
    if schema:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    df = pd.DataFrame(rows, columns=list(INPUT_COLUMNS))  # noqa: F841 (read by DuckDB)
    cols = ", ".join(
        f"CAST({c} AS DATE) AS {c}" if c in ("date_of_birth", "event_date") else f"CAST({c} AS VARCHAR) AS {c}"
        for c in INPUT_COLUMNS)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {cols} FROM df")


def write_truth_csv(path, truth: list[tuple]) -> None:
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("feed", "record_key", "person_id"))
        w.writerows(truth)


def write_warehouse(path, rows: list[dict]):
    """Create (or replace) the linkage input table in the DuckDB file `path`."""
    import duckdb

    con = duckdb.connect(str(path))
    try:
        write_input_table(con, rows)
    finally:
        con.close()
    return path
