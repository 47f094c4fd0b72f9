"""Drawing the population: latent traits that drive each life, and the true identity.

With noise "none" no two people share initials + date of birth + sex + area, so a perfect linker can in
principle separate everyone; with noise, a few people are deliberate doppelgangers of earlier ones.
"""
from __future__ import annotations

import random
import string
from datetime import date, timedelta

from continuum.generate import calibration as cal
from continuum.generate.areas import Geography
from continuum.generate.model import Chooser, Person, pick
from continuum.generate.names import draw_surname, forename_pool, second_forenames, surname_pool


def person_rng(seed: int, idx: int, stream: str) -> random.Random:
    """Independent stream per person and purpose: a person's life does not depend on chunking, and the
    same world is simulated whatever the noise level."""
    return random.Random(f"{seed}:{idx}:{stream}")


def _dob(rng: random.Random, start: date) -> date:
    age = 18 + min(int(rng.triangular(0, 50, 12)), 52)
    return start - timedelta(days=int(age * 365.25) + rng.randrange(365))


def _postcode(rng: random.Random, outward: str) -> str:
    return f"{outward} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def make_pnc(rng: random.Random, year: int) -> str:
    return f"{year}/{rng.randrange(10**7):07d}{rng.choice(string.ascii_uppercase)}"


def make_person(seed: int, idx: int, start: date, chooser: Chooser, noise_doppel: float,
                recent: list[Person], taken: set[int] | None, geo: Geography) -> Person:
    rng = person_rng(seed, idx, "person")
    area = geo.pick(rng)
    sex = chooser.pick(rng, "person.sex", cal.SEX_MIX)
    ethnicity = chooser.pick(rng, "person.ethnicity",
                             cal.ETHNICITY_LONDON if area.london else cal.ETHNICITY_ELSEWHERE)
    forced = chooser.coverage and len(chooser.seen.get("person.forced", ())) < 40 and (
        sex in ("X", "U") or ethnicity not in chooser.seen.get("person.forced_eth", set()))
    if forced:
        chooser.seen.setdefault("person.forced", set()).add(idx)
        chooser.seen.setdefault("person.forced_eth", set()).add(ethnicity)
    profile = pick(rng, cal.PROFILE_MIX_LONDON if area.london else cal.PROFILE_MIX)
    if forced:
        profile = ("opiate_crack", "cocaine", "other")[len(chooser.seen["person.forced"]) % 3]
    uses_opiates = uses_cocaine = False
    if profile == "opiate_crack":
        sub = pick(rng, cal.OCU_SUBTYPE)
        uses_opiates = sub in ("both", "opiates")
        uses_cocaine = sub in ("both", "crack")
    elif profile == "cocaine":
        uses_cocaine = True
    forenames = rng.choice(forename_pool(sex, ethnicity))
    if rng.random() < 0.25:
        forenames += " " + rng.choice(second_forenames(sex))
    surname = draw_surname(rng, ethnicity)
    if rng.random() < 0.003 or (forced and chooser.first("person.comma_in_name")):
        surname += ", Jnr"  # a comma inside a field exercises CSV quoting
    dob = _dob(rng, start)
    if recent and noise_doppel and rng.random() < noise_doppel:
        # A different person who shares initials, date of birth, sex and area with an earlier one.
        twin = rng.choice(recent)
        area, sex, dob = twin.area, twin.sex, twin.dob
        same_f = [f for f in forename_pool(sex, ethnicity) if f[0] == twin.forenames[0]] or [twin.forenames]
        same_s = [s for s in surname_pool(ethnicity) if s[0] == twin.surname[0]] or [twin.surname]
        forenames = rng.choice(same_f)
        surname = rng.choice(same_s)
        if (forenames, surname) == (twin.forenames, twin.surname):
            surname = surname + "-" + rng.choice(surname_pool("white"))
    if taken is not None:
        while True:
            key = hash((forenames[0], surname[0], dob.toordinal(), sex, area.code))
            if key not in taken:
                taken.add(key)
                break
            dob = dob - timedelta(days=rng.randrange(1, 400))
    p = Person(idx=idx, person_id=f"P{idx + 1:08d}", surname=surname, forenames=forenames, dob=dob, sex=sex,
               ethnicity=ethnicity, area=area, profile=profile, uses_opiates=uses_opiates,
               uses_cocaine=uses_cocaine, postcode=_postcode(rng, rng.choice(area.outward_codes)),
               forced_journey=forced)
    if rng.random() < (0.6 if profile != "none" else 0.35):
        p.pnc_id = make_pnc(rng, rng.randrange(max(dob.year + 18, 1995), start.year + 1))
    return p
