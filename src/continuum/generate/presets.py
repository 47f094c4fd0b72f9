"""World sizes and mess levels.

`tiny` packs a lot of life into few people (`intensity` multiplies every event hazard) and turns on
`coverage` so every contract code appears at least once: it exists for tests and CI, so its *ratios*
stay calibrated but its absolute volumes do not. `demo` and `national` run at intensity 1.
`tiny` and `demo` live in the 11 showcase districts (a partnership's variety in a small world);
`national` in all 294 of England's (generate.england), so that its density of people per district,
and so its linkage problem, is England's.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class Preset:
    name: str
    people: int
    start: date
    end: date
    delta_days: int          # daily delta files at the end of the period; the first file holds the rest
    intensity: float = 1.0   # multiplier on arrest and referral hazards
    coverage: bool = False   # steer early choices so that every code value appears
    pace: float = 1.0        # multiplier on durations (episodes, orders, sentences)
    geography: str = "showcase"  # areas.geography(): 11 showcase districts, or all of England

    @property
    def burn_in_days(self) -> int:
        """Lives are simulated from a year (at the preset's pace) before `start` (see generate.window)."""
        return round(365 * self.pace)


PRESETS: dict[str, Preset] = {
    "tiny": Preset("tiny", 300, date(2025, 1, 1), date(2025, 6, 30), 7, intensity=3.0, coverage=True,
                   pace=0.35),
    "demo": Preset("demo", 5_000, date(2024, 1, 1), date(2025, 12, 31), 14),
    "national": Preset("national", 2_000_000, date(2021, 1, 1), date(2025, 12, 31), 14, geography="england"),
}


@dataclass(frozen=True)
class Noise:
    """Rates of identity and delivery mess. Every rate is per record unless said otherwise."""

    name: str
    nickname: float = 0.0            # forename written as a nickname/variant
    typo: float = 0.0                # one-character typo in a name
    surname_change: float = 0.0      # per person: a hyphenated or changed surname used on some records
    surname_change_use: float = 0.0  # per record of such a person: the other surname is used
    swap_names: float = 0.0          # forename and surname swapped
    second_forename: float = 0.0     # second forename dropped or added
    dob_swap: float = 0.0            # day and month swapped (when day <= 12)
    dob_typo: float = 0.0            # one date part off by a little
    sex_unknown: float = 0.0         # sex recorded as U
    ethnicity_missing: float = 0.0   # ethnicity left blank
    pnc_missing: dict | None = None  # by feed: pnc_id not recorded
    pnc_wrong: float = 0.0           # pnc_id of someone else / mistyped
    home_la_missing: float = 0.0     # police home_la_code blank
    postcode_missing: float = 0.0
    arrest_id_missing: float = 0.0   # custody.arrest_id blank
    arrest_id_wrong: float = 0.0     # custody.arrest_id points at another arrest
    stray_newline: float = 0.0       # a newline typed into a name (exercises embedded newlines)
    second_crn: float = 0.0          # per person in probation: a later order under a new crn
    doppelganger: float = 0.0        # per person: shares initials, dob, sex and area with an earlier one
    late_entry: float = 0.0          # per record: entered (updated_at) days after the event
    late_feed: bool = False          # one feed's last file arrives a day late
    delivered_twice: int = 1         # delta files delivered a second time (does not change truth)
    out_of_order: int = 1            # delta files arriving after the next day's file (no truth change)
    bom_feed: str | None = None      # a feed whose files carry a UTF-8 BOM
    shuffled_columns_feed: str | None = None  # a feed whose delta files use another column order


NOISE: dict[str, Noise] = {
    "none": Noise("none"),
    "default": Noise(
        "default", nickname=0.07, typo=0.03, surname_change=0.04, surname_change_use=0.5, swap_names=0.01,
        second_forename=0.05, dob_swap=0.012, dob_typo=0.012, sex_unknown=0.01, ethnicity_missing=0.08,
        pnc_missing={"police": 0.08, "custody": 0.30, "probation": 0.20}, pnc_wrong=0.01,
        home_la_missing=0.05, postcode_missing=0.10, arrest_id_missing=0.05, arrest_id_wrong=0.01,
        stray_newline=0.002, second_crn=0.05, doppelganger=0.01, late_entry=0.05, late_feed=True,
        delivered_twice=1, out_of_order=1, bom_feed="treatment", shuffled_columns_feed="probation",
    ),
}


def resolve(preset: str, people: int | None, start: date | None, end: date | None) -> Preset:
    """The preset with any explicit argument overriding it."""
    try:
        p = PRESETS[preset]
    except KeyError:
        raise ValueError(f"unknown preset {preset!r}; presets are {', '.join(PRESETS)}") from None
    p = replace(p, people=people if people is not None else p.people,
                start=start or p.start, end=end or p.end)
    if p.end < p.start:
        raise ValueError("end is before start")
    span = (p.end - p.start).days
    return replace(p, delta_days=max(0, min(p.delta_days, span)))
