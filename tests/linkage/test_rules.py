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


def link_methods(read, wh):
    """{(feed, record_key): link_method} of a linked warehouse."""
    return {(f, k): m for f, k, m in read(wh, "SELECT feed, record_key, link_method FROM linkage.person_records")}


def link_and_group(warehouse_of, read, rows, marks=(":X",)):
    """Link `rows` in a fresh warehouse; return (summary, the people holding a record whose key has
    one of `marks`, the warehouse)."""
    wh = warehouse_of(rows)
    summary = link_people(wh, mode="full", run_id="r")
    return summary, sorted(g for g in people(read, wh) if any(m in r for r in g for m in marks)), wh


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
    methods = link_methods(read, wh)
    assert methods[("custody", "C2")] == "unlinked"
    assert methods[("custody", "C1")] in ("custody_arrest_id", "treatment_custody_record_id")
    assert methods[("probation", "E1")] == "probabilistic"


def test_ambiguous_initials_record_joins_neither_lookalike(small_world, warehouse_of, read):
    """Two different people share initials, date of birth, sex and area; a treatment record with
    only those could be either, so it must not merge them (nor join one at random)."""
    rows, _ = small_world
    extra = [
        rec("police", "X1", "Lewis", "Craig", dob="1995-12-01", la="E08000003"),
        rec("custody", "X2", "Lewis", "Craig", dob="1995-12-01", la="E08000003", linked_arrest_id="X1"),
        rec("police", "X3", "Lambert", "Connor", dob="1995-12-01", la="E08000003"),
        rec("probation", "X4", "Lambert", "Connor James", dob="1995-12-01", la="E08000003",
            source_person_ref="XCRN"),
        rec("treatment", "X5", initials="CL", dob="1995-12-01", la="E08000003", source_person_ref="PRV7:1"),
        # the same client again at the same provider: joins X5 through client_ref, still ambiguous
        rec("treatment", "X6", initials="CL", dob="1995-12-01", la="E08000003", source_person_ref="PRV7:1"),
    ]
    summary, groups, _ = link_and_group(warehouse_of, read, rows + extra)
    assert summary["ambiguous_attachments"] >= 1
    assert sorted(groups) == [["custody:X2", "police:X1"], ["police:X3", "probation:X4"],
                              ["treatment:X5", "treatment:X6"]]


def test_postcode_district_tells_lookalikes_apart(small_world, warehouse_of, read):
    """The same two lookalikes, but both police records carry a home postcode: a treatment record
    from one of those postcode districts belongs to the person who lives there. Two different
    districts of one authority are evidence against a match, not the same as "district unknown"."""
    rows, _ = small_world
    extra = [
        rec("police", "X1", "Lewis", "Craig", dob="1995-12-01", la="E08000003", postcode_district="M14"),
        rec("custody", "X2", "Lewis", "Craig", dob="1995-12-01", la="E08000003", linked_arrest_id="X1"),
        rec("police", "X3", "Lambert", "Connor", dob="1995-12-01", la="E08000003", postcode_district="M40"),
        rec("probation", "X4", "Lambert", "Connor James", dob="1995-12-01", la="E08000003",
            source_person_ref="XCRN"),
        rec("treatment", "X5", initials="CL", dob="1995-12-01", la="E08000003", postcode_district="M40",
            source_person_ref="PRV7:1"),
    ]
    _, groups, _ = link_and_group(warehouse_of, read, rows + extra)
    assert sorted(groups) == [["custody:X2", "police:X1"], ["police:X3", "probation:X4", "treatment:X5"]]


def test_a_provider_knows_its_own_clients(small_world, warehouse_of, read):
    """A lookalike treated at the same provider as the person has another client number there: the
    provider judged them two clients. Only the episodes that fit the person best attach to them; the
    lookalike's stay a person of their own (without the rule, both attach and merge two people)."""
    rows, _ = small_world
    extra = [
        rec("police", "X1", "Lewis", "Craig", dob="1995-12-01", la="E08000003", postcode_district="M14"),
        rec("custody", "X2", "Lewis", "Craig", dob="1995-12-01", la="E08000003", linked_arrest_id="X1"),
        # Craig's own episodes at PRV7, from his district
        rec("treatment", "X3", initials="CL", dob="1995-12-01", la="E08000003", postcode_district="M14",
            source_person_ref="PRV7:1"),
        rec("treatment", "X4", initials="CL", dob="1995-12-01", la="E08000003", postcode_district="M14",
            source_person_ref="PRV7:1"),
        # a lookalike who is only ever in treatment, at the same provider, from another district
        rec("treatment", "X5", initials="CL", dob="1995-12-01", la="E08000003", postcode_district="M40",
            source_person_ref="PRV7:2"),
    ]
    _, groups, _ = link_and_group(warehouse_of, read, rows + extra)
    assert sorted(groups) == [["custody:X2", "police:X1", "treatment:X3", "treatment:X4"], ["treatment:X5"]]


def test_two_clients_of_one_provider_that_fit_a_person_equally_attach_to_neither(small_world, warehouse_of, read):
    """A person known only to probation (no postcode anywhere) and two client numbers at one provider,
    from two districts, that fit them equally: one is a lookalike, and nothing says which. Neither
    attaches, rather than merging two people."""
    rows, _ = small_world
    extra = [
        rec("probation", "X1", "Lewis", "Craig", dob="1995-12-01", la="E08000003", source_person_ref="XCRN"),
        rec("treatment", "X2", initials="CL", dob="1995-12-01", la="E08000003", postcode_district="M14",
            source_person_ref="PRV7:1"),
        rec("treatment", "X3", initials="CL", dob="1995-12-01", la="E08000003", postcode_district="M40",
            source_person_ref="PRV7:2"),
    ]
    summary, groups, _ = link_and_group(warehouse_of, read, rows + extra)
    assert summary["ambiguous_attachments"] >= 2
    assert sorted(groups) == [["probation:X1"], ["treatment:X2"], ["treatment:X3"]]


def test_a_required_assessment_finds_the_detention_that_booked_it(small_world, warehouse_of, read):
    """The episode's custody_record_id was not filled in, its initials carry a typo and it gives the
    home authority rather than the custody suite's: identity alone would not link it. The booking
    does: custody booked the assessment at PRV7, and PRV7 opened an episode referred by a Required
    Assessment two days after the detention. A second booking that fits as well makes it a guess,
    and then nothing is linked."""
    rows, _ = small_world
    day = dt.date(2025, 3, 10)
    extra = [
        rec("custody", "X1", "Kennedy", "Natalie", dob="1998-06-08", sex="F", la="E09000025",
            handover_key="required_assessment:PRV7", event_date=day),
        rec("treatment", "X2", initials="NI", dob="1998-06-08", sex="F", la="E08000033",
            handover_key="required_assessment:PRV7", event_date=day + dt.timedelta(days=2),
            source_person_ref="PRV7:1"),
        # the same booking trail, but two detentions of two people could have booked it
        rec("custody", "Y1", "Okoro", "Grace", dob="1990-01-15", sex="F", la="E09000025",
            handover_key="required_assessment:PRV8", event_date=day),
        rec("custody", "Y2", "Osei", "Gloria", dob="1990-01-15", sex="F", la="E09000025",
            handover_key="required_assessment:PRV8", event_date=day + dt.timedelta(days=1)),
        rec("treatment", "Y3", initials="GT", dob="1990-01-15", sex="F", la="E08000033",
            handover_key="required_assessment:PRV8", event_date=day + dt.timedelta(days=3),
            source_person_ref="PRV8:1"),
    ]
    _, groups, wh = link_and_group(warehouse_of, read, rows + extra, marks=(":X", ":Y"))
    assert sorted(groups) == [["custody:X1", "treatment:X2"], ["custody:Y1"], ["custody:Y2"], ["treatment:Y3"]]
    methods = link_methods(read, wh)
    assert methods[("treatment", "X2")] == "handover_required_assessment"


def test_a_release_finds_the_episode_the_prison_referred(small_world, warehouse_of, read):
    """Released on licence with a substance misuse need; the prison referred them to a service in
    the same authority a week before release, and the provider keyed the date of birth with a slip
    and the surname initial wrongly. The hand-over links them; the same episode three months after
    the release (outside the window) is left to identity, which does not link it."""
    rows, _ = small_world
    day = dt.date(2025, 3, 10)
    extra = [
        rec("probation", "X1", "Adeyemi", "Tobi", dob="1988-04-02", la="E09000022",
            handover_key="prison_release:E09000022", event_date=day, source_person_ref="XCRN1"),
        rec("treatment", "X2", initials="TD", dob="1988-04-03", la="E09000022",
            handover_key="prison_release:E09000022", event_date=day - dt.timedelta(days=7),
            source_person_ref="PRV7:1"),
        rec("probation", "Y1", "Brennan", "Siobhan", dob="1979-10-21", sex="F", la="E08000003",
            handover_key="prison_release:E08000003", event_date=day, source_person_ref="XCRN2"),
        rec("treatment", "Y2", initials="SG", dob="1979-10-22", sex="F", la="E08000003",
            handover_key="prison_release:E08000003", event_date=day + dt.timedelta(days=90),
            source_person_ref="PRV8:1"),
    ]
    _, groups, wh = link_and_group(warehouse_of, read, rows + extra, marks=(":X", ":Y"))
    assert sorted(groups) == [["probation:X1", "treatment:X2"], ["probation:Y1"], ["treatment:Y2"]]
    methods = link_methods(read, wh)
    assert methods[("treatment", "X2")] == "handover_prison_release"


def test_an_arrest_referral_finds_the_arrest_it_followed(small_world, warehouse_of, read):
    """Arrested in their home authority and referred to treatment two days later; the provider keyed
    the surname initial wrongly, so identity alone would not link the episode. The arrest does. Two
    arrests inside the window that fit as well make it a guess, and an episode ten days after the
    arrest is outside the window: neither is linked."""
    rows, _ = small_world
    day = dt.date(2025, 3, 10)
    extra = [
        rec("police", "X1", "Walsh", "Kieran", dob="1993-02-17", la="E08000025",
            handover_key="arrest:E08000025", event_date=day),
        rec("treatment", "X2", initials="KV", dob="1993-02-17", la="E08000025",
            handover_key="arrest_referral:E08000025", event_date=day + dt.timedelta(days=2),
            source_person_ref="PRV7:1"),
        rec("police", "Y1", "Hughes", "Liam", dob="1990-06-01", la="E08000025",
            handover_key="arrest:E08000025", event_date=day),
        rec("police", "Y2", "Hart", "Lewis", dob="1990-06-01", la="E08000025",
            handover_key="out_of_court:E08000025", event_date=day + dt.timedelta(days=1)),
        rec("treatment", "Y3", initials="LT", dob="1990-06-01", la="E08000025",
            handover_key="arrest_referral:E08000025", event_date=day + dt.timedelta(days=2),
            source_person_ref="PRV7:2"),
        rec("police", "Z1", "Okafor", "Emeka", dob="1984-12-03", la="E08000025",
            handover_key="arrest:E08000025", event_date=day),
        rec("treatment", "Z2", initials="EQ", dob="1984-12-04", la="E08000025",
            handover_key="arrest_referral:E08000025", event_date=day + dt.timedelta(days=10),
            source_person_ref="PRV7:3"),
    ]
    _, groups, wh = link_and_group(warehouse_of, read, rows + extra, marks=(":X", ":Y", ":Z"))
    assert sorted(groups) == [["police:X1", "treatment:X2"], ["police:Y1"], ["police:Y2"], ["police:Z1"],
                              ["treatment:Y3"], ["treatment:Z2"]]
    assert link_methods(read, wh)[("treatment", "X2")] == "handover_arrest_referral"


def test_probation_referrals_find_the_order_or_release(small_world, warehouse_of, read):
    """A Drug Rehabilitation Requirement starts treatment within a fortnight of the order; a person
    released on licence is referred by the prison before release and by probation weeks after. Each
    episode finds its probation record though its initials or date of birth carry a slip, and one
    release serves both referrals. An episode with slips in both is not linked by an order."""
    rows, _ = small_world
    day = dt.date(2025, 3, 10)
    extra = [
        rec("probation", "X1", "Ogunleye", "Adebayo", dob="1979-08-25", la="E09000022",
            handover_key="drr_order:E09000022", event_date=day, source_person_ref="XCRN1"),
        rec("treatment", "X2", initials="AD", dob="1979-08-25", la="E09000022",
            handover_key="drr:E09000022", event_date=day + dt.timedelta(days=10), source_person_ref="PRV7:1"),
        # slips in both the initials and the date of birth: at a whole authority's orders, a guess
        rec("probation", "Z1", "Kowalski", "Tomasz", dob="1982-03-09", la="E09000022",
            handover_key="drr_order:E09000022", event_date=day, source_person_ref="XCRN3"),
        rec("treatment", "Z2", initials="TQ", dob="1982-03-08", la="E09000022",
            handover_key="drr:E09000022", event_date=day + dt.timedelta(days=5), source_person_ref="PRV7:3"),
        rec("probation", "Y1", "Sharpe", "Danielle", dob="1995-01-30", sex="F", la="E06000018",
            handover_key="prison_release:E06000018", event_date=day, source_person_ref="XCRN2"),
        rec("treatment", "Y2", initials="DC", dob="1995-01-31", sex="F", la="E06000018",
            handover_key="prison_release:E06000018", event_date=day - dt.timedelta(days=5),
            source_person_ref="PRV8:1"),
        rec("treatment", "Y3", initials="DS", dob="1995-10-30", sex="F", la="E06000018",
            handover_key="probation:E06000018", event_date=day + dt.timedelta(days=60),
            source_person_ref="PRV9:1"),
    ]
    _, groups, wh = link_and_group(warehouse_of, read, rows + extra, marks=(":X", ":Y", ":Z"))
    assert sorted(groups) == [["probation:X1", "treatment:X2"], ["probation:Y1", "treatment:Y2", "treatment:Y3"],
                              ["probation:Z1"], ["treatment:Z2"]]
    methods = link_methods(read, wh)
    assert (methods[("treatment", "X2")], methods[("treatment", "Y3")]) == ("handover_drr", "handover_probation")


def test_namesakes_born_the_same_day_with_two_pnc_ids_stay_two_people(warehouse_of, read):
    """Each PNC id is on two records, so each is confirmed: one person cannot hold both, however well
    the names and dates of birth agree. The custody record without a PNC id joins one of them."""
    def cooper(feed, key, pnc=None, forenames="Steven Anthony"):
        return rec(feed, key, "Cooper", forenames, dob="1986-09-28", la="E07000137", pnc_id=pnc)
    rows = [cooper("police", "A1:X", "2022/2009296W"), cooper("probation", "A2", "2022/2009296W", "Steven"),
            cooper("police", "B1:X", "2024/9029411F"), cooper("probation", "B2", "2024/9029411F", "Steven"),
            cooper("custody", "C1", None, "Steven")]
    summary, groups, _ = link_and_group(warehouse_of, read, rows)
    assert len(groups) == 2, groups
    assert any({"police:A1:X", "probation:A2"} <= set(g) for g in groups)
    assert any({"police:B1:X", "probation:B2"} <= set(g) for g in groups)
    assert sum("custody:C1" in g for g in groups) == 1
    assert summary["pnc_conflict_links_refused"] >= 1


def test_one_mistyped_pnc_id_does_not_split_a_person(warehouse_of, read):
    rows = [rec("police", "A1:X", "Cooper", "Steven", dob="1986-09-28", pnc_id="2022/2009296W"),
            rec("probation", "A2", "Cooper", "Steven", dob="1986-09-28", pnc_id="2022/2009296W"),
            rec("custody", "A3", "Cooper", "Steven", dob="1986-09-28", pnc_id="2022/2009396W")]
    _, groups, _ = link_and_group(warehouse_of, read, rows)
    assert groups == [["custody:A3", "police:A1:X", "probation:A2"]]


def test_an_arrest_id_stands_on_the_names_when_the_date_of_birth_has_two_slips(warehouse_of, read):
    rows = [
        rec("police", "A1", "Tatcroft", "Ashley", dob="1980-11-03", la="E08000005"),
        rec("custody", "C1", "Tatcroft", "Ashley", dob="1979-11-03", la="E07000170", linked_arrest_id="A1"),
        rec("police", "A2", "Edstead", "Kofi", dob="1976-02-10", la="E06000050"),
        # the right DOB's neighbour, but another name: a wrong arrest id, not a keying slip
        rec("custody", "C2", "Wesley", "Ben", dob="1976-11-02", la="E06000050", linked_arrest_id="A2"),
    ]
    wh = warehouse_of(rows)
    link_people(wh, mode="full", run_id="r")
    methods = link_methods(read, wh)
    assert methods[("custody", "C1")] == "custody_arrest_id"
    assert methods[("custody", "C2")] == "unlinked"
    assert ["custody:C1", "police:A1"] in people(read, wh)


def test_an_arrest_id_to_a_stranger_born_a_day_apart_does_not_stand(warehouse_of, read):
    """A wrong arrest_id whose arrest's person was born one slip from the detainee passed the date of
    birth check whatever the names said (national world: 19 such links wrong to 3 right). With the
    names sharing nothing it now needs an equal date of birth; the detention then finds its own
    arrest of the day. Unrelated names with an equal date of birth still stand (102 right, 2 wrong)."""
    rows = [
        rec("police", "A1", "Redcroft", "Hannah Jane", dob="1980-04-19", sex="F", la="E07000217"),
        rec("police", "A2", "Parker", "Rachel", dob="1980-04-18", sex="F", la="E06000066"),
        rec("custody", "C1", "Parker", "Rachel", dob="1980-04-18", sex="F", la="E06000066", linked_arrest_id="A1"),
        rec("police", "A3", "Okafor", "Chidi", dob="1990-05-20", la="E09000012"),
        rec("custody", "C3", "Nwosu", "Emeka", dob="1990-05-20", la="E09000012", linked_arrest_id="A3"),
    ]
    wh = warehouse_of(rows)
    link_people(wh, mode="full", run_id="r")
    groups, methods = people(read, wh), link_methods(read, wh)
    assert ["police:A1"] in groups and ["custody:C1", "police:A2"] in groups
    assert methods[("custody", "C1")] != "custody_arrest_id"
    assert methods[("custody", "C3")] == "custody_arrest_id"


def test_a_detention_without_its_arrest_id_finds_the_arrest_of_that_day(warehouse_of, read):
    day = dt.date(2024, 1, 1)
    rows = [
        rec("police", "A1", "Martn", "Mark", dob="1972-03-17", la="E09000019", event_date=day),
        rec("custody", "C1", "Martin", "Mark", dob="1972-03-17", la="E07000075", event_date=day),
        # the same day's other unclaimed arrest and detention: other people
        rec("police", "A2", "Okafor", "Chidi", dob="1990-05-20", event_date=day),
        rec("custody", "C2", "Zielinska", "Agata", dob="2001-07-30", sex="F", event_date=day),
        # a detention that claims its arrest is not a candidate, nor is that arrest
        rec("police", "A3", "Martin", "Mark", dob="1972-03-17", la="E07000075", event_date=day),
        rec("custody", "C3", "Martin", "Mark", dob="1972-03-17", la="E07000075", event_date=day, linked_arrest_id="A3"),
    ]
    wh = warehouse_of(rows)
    link_people(wh, mode="full", run_id="r")
    methods = link_methods(read, wh)
    assert methods[("custody", "C1")] == "custody_same_day_arrest"
    assert methods[("custody", "C3")] == "custody_arrest_id"
    assert methods[("custody", "C2")] == "unlinked" and methods[("police", "A2")] == "unlinked"


def test_a_detention_whose_date_of_birth_slipped_finds_its_arrest_by_name(warehouse_of, read):
    """No arrest id and a date of birth one slip from the arrest's: the one unclaimed arrest of the
    day with the same surname and forename is its arrest. Another forename, or two such arrests, and
    the rule stays out."""
    day = dt.date(2024, 6, 3)
    rows = [
        rec("police", "A1", "Kowalski", "Piotr", dob="1983-09-14", la="E09000019", event_date=day - dt.timedelta(1)),
        rec("custody", "C1", "Kowalski", "Piotr", dob="1983-09-15", la="E07000075", event_date=day),
        # a forename that is not his: no link by this rule
        rec("police", "A2", "Ndiaye", "Moussa", dob="1991-02-08", la="E09000019", event_date=day),
        rec("custody", "C2", "Ndiaye", "Ibrahim", dob="1991-02-09", la="E07000075", event_date=day),
        # two unclaimed arrests of the same name that day: neither is taken
        rec("police", "A3", "Clarke", "Ryan", dob="1995-12-01", la="E09000019", event_date=day),
        rec("police", "A4", "Clarke", "Ryan", dob="1995-12-21", la="E06000050", event_date=day),
        rec("custody", "C3", "Clarke", "Ryan", dob="1995-12-11", la="E07000075", event_date=day),
    ]
    wh = warehouse_of(rows)
    link_people(wh, mode="full", run_id="r")
    methods = link_methods(read, wh)
    assert methods[("custody", "C1")] == "custody_same_day_arrest_named"
    assert ["custody:C1", "police:A1"] in people(read, wh)
    assert methods[("custody", "C2")] != "custody_same_day_arrest_named"
    assert methods[("custody", "C3")] != "custody_same_day_arrest_named"


def test_the_booking_vouches_for_an_episodes_custody_record_id(warehouse_of, read):
    """The episode names the detention that booked its Required Assessment at this provider, the day
    it was booked, with the same initials: the date of birth keyed with two slips does not refuse the
    key. A key pointing at a detention that booked another provider gets no such help."""
    day = dt.date(2025, 3, 10)
    rows = [
        rec("custody", "C1", "Glover", "Dean", dob="1989-04-21", handover_key="required_assessment:PRV7", event_date=day),
        rec("treatment", "T1", initials="DG", dob="1990-04-21", handover_key="required_assessment:PRV7",
            event_date=day, linked_custody_record_id="C1", source_person_ref="PRV7:1"),
        rec("custody", "C2", "Glover", "Dean", dob="1979-08-02", la="E08000033",
            handover_key="required_assessment:PRV9", event_date=day),
        rec("treatment", "T2", initials="DG", dob="1980-08-02", la="E06000018", handover_key="required_assessment:PRV7",
            event_date=day, linked_custody_record_id="C2", source_person_ref="PRV7:2"),
    ]
    wh = warehouse_of(rows)
    link_people(wh, mode="full", run_id="r")
    methods = link_methods(read, wh)
    assert methods[("treatment", "T1")] == "treatment_custody_record_id"
    assert methods[("treatment", "T2")] == "unlinked"
