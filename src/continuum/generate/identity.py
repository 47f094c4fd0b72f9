"""Recording mess: how each source system writes a person down, differently from the truth.

Applied per record as `overrides` over the true values, from a random stream of its own (keyed by the
record key), so the same world is simulated whatever the noise level and noise never leaks into events.
Columns whose delivered value may differ from the truth are listed in TRUE_VALUE_COLUMNS; in
`truth/records/` these columns hold the true value, every other column holds exactly what was delivered.
"""
from __future__ import annotations

import random
import string
from datetime import date

from continuum.generate.model import Person, Record
from continuum.generate.names import NICKNAMES, second_forenames, surname_pool
from continuum.generate.presets import Noise

# Per feed: columns that carry identity (or a cross-feed link) and so may be mis-recorded.
TRUE_VALUE_COLUMNS: dict[str, tuple[str, ...]] = {
    "police": ("pnc_id", "surname", "forenames", "date_of_birth", "sex", "postcode", "home_la_code", "ethnicity"),
    "custody": ("arrest_id", "pnc_id", "surname", "forenames", "date_of_birth", "sex", "ethnicity"),
    "treatment": ("initials", "date_of_birth", "sex", "ethnicity"),
    "probation": ("pnc_id", "surname", "forenames", "date_of_birth", "sex", "ethnicity"),
}


def person_noise(p: Person, rng: random.Random, noise: Noise) -> None:
    """Person-level mess: a second surname (hyphenated or changed) some records will use."""
    if noise.surname_change and rng.random() < noise.surname_change:
        other = rng.choice(surname_pool(p.ethnicity))
        p.alt_surname = f"{p.surname}-{other}" if rng.random() < 0.5 else other


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.random()
    if kind < 0.3:
        return s[:i] + s[i + 1:]                            # dropped letter
    if kind < 0.6:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]          # transposition
    if kind < 0.8:
        return s[:i] + s[i] + s[i:]                         # doubled letter
    return s[:i] + rng.choice(string.ascii_lowercase) + s[i + 1:]  # wrong letter


def _dob_typo(rng: random.Random, d: date) -> date:
    for _ in range(5):
        try:
            r = rng.random()
            if r < 0.4:
                return d.replace(day=max(1, min(28, d.day + rng.choice((-1, 1, 10, -10)))))
            if r < 0.7:
                step = rng.choice((-1, 1, -10, 10))
                if abs(step) == 10 and (d.year + step) // 100 != d.year // 100:
                    step = -step  # a slip on the decade digit stays in its century (1992 -> 1982, not 2002)
                return d.replace(year=d.year + step)
            return d.replace(month=max(1, min(12, d.month + rng.choice((-1, 1)))))
        except ValueError:
            continue
    return d


def _wrong_pnc(rng: random.Random, pnc: str | None) -> str:
    if pnc and rng.random() < 0.6:
        digits = list(pnc[5:12])
        i = rng.randrange(7)
        digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
        return pnc[:5] + "".join(digits) + pnc[12]
    return f"{rng.randrange(1995, 2025)}/{rng.randrange(10**7):07d}{rng.choice(string.ascii_uppercase)}"


def record_noise(rec: Record, seed: int, noise: Noise, recent_arrest_ids: list[str]) -> None:
    """Set `rec.overrides`: the record's identity as this source wrote it."""
    if noise.name == "none":
        return
    rng = random.Random(f"{seed}:{rec.key}:identity")
    p, feed, o = rec.person, rec.feed, rec.overrides
    surname, forenames = p.surname, p.forenames
    if p.alt_surname and rng.random() < noise.surname_change_use:
        surname = p.alt_surname
    parts = forenames.split(" ")
    if rng.random() < noise.nickname and parts[0] in NICKNAMES:
        parts[0] = rng.choice(NICKNAMES[parts[0]])
    if rng.random() < noise.second_forename:
        parts = parts[:1] if len(parts) > 1 else parts + [rng.choice(second_forenames(p.sex))]
    forenames = " ".join(parts)
    if rng.random() < noise.typo:
        if rng.random() < 0.5:
            surname = _typo(rng, surname)
        else:
            forenames = _typo(rng, forenames)
    if rng.random() < noise.swap_names:
        surname, forenames = forenames, surname
    if rng.random() < noise.stray_newline and len(surname) > 3:
        surname = surname[:2] + "\n" + surname[2:]
    dob = p.dob
    if rng.random() < noise.dob_swap and dob.day <= 12 and dob.day != dob.month:
        dob = dob.replace(day=dob.month, month=dob.day)
    if rng.random() < noise.dob_typo:
        dob = _dob_typo(rng, dob)
    if rng.random() < noise.sex_unknown:
        o["sex"] = "U"
    if rng.random() < noise.ethnicity_missing:
        o["ethnicity"] = None
    if dob != p.dob:
        o["date_of_birth"] = dob
    if feed == "treatment":
        initials = ((forenames.strip()[:1] or "X") + (surname.strip()[:1] or "X")).upper()
        if initials != p.initials:
            o["initials"] = initials
        return
    if surname != p.surname:
        o["surname"] = surname
    if forenames != p.forenames:
        o["forenames"] = forenames
    true_pnc = rec.versions[0][1].get("pnc_id") if rec.versions else None
    if true_pnc is not None:
        if rng.random() < (noise.pnc_missing or {}).get(feed, 0.0):
            o["pnc_id"] = None
        elif rng.random() < noise.pnc_wrong:
            o["pnc_id"] = _wrong_pnc(rng, true_pnc)
    if feed == "police":
        if rng.random() < noise.home_la_missing:
            o["home_la_code"] = None
        if rng.random() < noise.postcode_missing:
            o["postcode"] = None
    elif feed == "custody":
        if rng.random() < noise.arrest_id_missing:
            o["arrest_id"] = None
        elif rng.random() < noise.arrest_id_wrong:
            others = [a for a in recent_arrest_ids if a != rec.versions[0][1]["arrest_id"]]
            if others:
                o["arrest_id"] = rng.choice(others)
