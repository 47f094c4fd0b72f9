"""The national preset lives in England's ~300 districts, with England's density of people per district
and a long tail of surnames, so that national-scale linkage is measured on the right problem."""
from __future__ import annotations

import csv
from collections import Counter
from datetime import date

from continuum.contracts import LA_CODE_RE
from continuum.generate import generate
from continuum.generate.areas import AREAS, geography
from continuum.generate.presets import PRESETS
from continuum.generate.validate import check_landing


def test_england_catalogue_is_every_district_once():
    geo = geography("england")
    codes = [a.code for a in geo.areas]
    assert len(codes) == len(set(codes)) >= 290
    assert all(LA_CODE_RE.match(c) for c in codes)
    assert Counter(c[:3] for c in codes)["E09"] == 33  # every London borough
    assert all(a.london == a.code.startswith("E09") for a in geo.areas)
    outward = [o for a in geo.areas for o in a.outward_codes]
    assert len(outward) == len(set(outward)), "a postcode district belongs to one area"
    assert all(a.suites and a.providers and a.outward_codes for a in geo.areas)
    # The showcase districts keep their hand-set rates inside England.
    for a in AREAS:
        assert geo.by_code[a.code].ra_attendance == a.ra_attendance
        assert geo.by_code[a.code].test_coverage == a.test_coverage
    # Areas differ, so partnerships can be compared.
    assert len({a.ra_attendance for a in geo.areas}) > 20


def test_only_the_national_preset_uses_england():
    assert PRESETS["national"].geography == "england"
    assert PRESETS["tiny"].geography == PRESETS["demo"].geography == "showcase"


def test_a_small_national_world_spreads_over_england(tmp_path):
    generate(tmp_path, seed=8, preset="national", people=4000, start=date(2025, 1, 1), end=date(2025, 3, 31),
             expected=False, quiet=True)
    assert check_landing(tmp_path / "landing") == []
    with open(tmp_path / "truth" / "persons.csv", newline="") as f:
        persons = list(csv.DictReader(f))
    homes = Counter(p["home_la_code"] for p in persons)
    assert len(homes) > 250
    assert max(homes.values()) < 0.05 * len(persons)  # Birmingham is the biggest: ~3%, not the 13% of a showcase district
    surnames = Counter(p["surname"] for p in persons)
    assert len(surnames) > 0.25 * len(persons)
    assert surnames.most_common(1)[0][1] < 0.015 * len(persons)
