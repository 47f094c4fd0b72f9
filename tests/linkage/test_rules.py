"""Hand-made records for the judgements: which keys are trusted, nicknames, initials, DOB swaps."""
from __future__ import annotations

import datetime as dt

from continuum.linkage import link_people
from continuum.linkage.prepare import INPUT_COLUMNS


def rec(feed, key, surname=None, forenames=None, dob="1985-03-14", sex="M", la="E09000012", **kw):
    r = {c: None for c in INPUT_COLUMNS}
    first = forenames.split()[0] if forenames else None
    r.update(feed=feed, record_key=key, surname=surname, forenames=forenames, first_forename=first,
             initials=(first[0] + surname[0]) if first and surname else kw.pop("initials", None),
             date_of_birth=dt.date.fromisoformat(dob), sex=sex, la_code=la, event_date=dt.date(2025, 1, 1))
    r.update(kw)
    return r


def people(read, wh):
    groups = {}
    for f, k, p in read(wh, "SELECT feed, record_key, person_key FROM linkage.person_records"):
        groups.setdefault(p, set()).add(f"{f}:{k}")
    return sorted(sorted(g) for g in groups.values())


def test_keys_are_trusted_only_when_compatible(warehouse_of, read):
    rows = [
        rec("police", "A1", "Okafor", "Chidi", dob="1990-05-20"),
        rec("police", "A2", "Whitfield", "Margaret", dob="1961-11-02", sex="F", la="E08000033"),
        # right arrest id, DOB with a day/month swap: trusted
        rec("custody", "C1", "Okafur", "Chid", dob="1990-05-20", linked_arrest_id="A1"),
        # wrong arrest id (points at A1, but another person: other DOB and sex): not trusted
        rec("custody", "C2", "Zielinska", "Agata", dob="2001-07-30", sex="F", la="E06000018", linked_arrest_id="A1"),
        # treatment referral from custody C1: initials only
        rec("treatment", "T1", initials="CO", dob="1990-05-20", linked_custody_record_id="C1",
            source_person_ref="PRV9:77"),
        # same provider client, no other key: joins T1 through client_ref
        rec("treatment", "T2", initials="CO", dob="1990-05-20", source_person_ref="PRV9:77"),
        # same PNC id but an incompatible DOB: a wrong PNC, not trusted
        rec("probation", "E1", "Whitfield", "Maggie", dob="1961-02-11", sex="F", la="E08000033",
            pnc_id="2001/1234567A", source_person_ref="X1"),
        rec("probation", "E2", "Brennan", "Patrick", dob="1970-01-01", la="E09000030",
            pnc_id="2001/1234567A", source_person_ref="X2"),
    ]
    wh = warehouse_of(rows)
    link_people(wh, mode="full", run_id="r")
    groups = people(read, wh)
    assert ["custody:C1", "police:A1", "treatment:T1", "treatment:T2"] in groups
    assert ["custody:C2"] in groups and ["probation:E2"] in groups
    # Maggie -> Margaret (nickname table) and a day/month-swapped DOB: linked probabilistically
    assert ["police:A2", "probation:E1"] in groups
    methods = dict(((f, k), m) for f, k, m in read(wh, "SELECT feed, record_key, link_method FROM linkage.person_records"))
    assert methods[("custody", "C2")] == "unlinked"
    assert methods[("custody", "C1")] in ("custody_arrest_id", "treatment_custody_record_id")
    assert methods[("probation", "E1")] == "probabilistic"


def test_twins_are_not_merged(warehouse_of, read):
    rows = [
        rec("police", "A1", "Begum", "Fatima", dob="1995-06-07", sex="F", postcode_district="E1"),
        rec("police", "A2", "Begum", "Aisha", dob="1995-06-07", sex="F", postcode_district="E1"),
        rec("custody", "C1", "Begum", "Fatima", dob="1995-06-07", sex="F"),
        rec("custody", "C2", "Begum", "Aisha", dob="1995-07-06", sex="F"),
    ]
    wh = warehouse_of(rows)
    link_people(wh, mode="full", run_id="r")
    assert people(read, wh) == [["custody:C1", "police:A1"], ["custody:C2", "police:A2"]]
