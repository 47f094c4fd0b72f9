"""The places of the synthetic world: real ONS district codes with their own rates, so areas differ.

One code (E06000999) is well-formed but names no real district: the contract says such a code still
loads, and the pipeline must carry it through to the published grid.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

from continuum.generate import calibration as cal


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    force: str
    london: bool
    weight: float            # share of the population living here
    arrest_factor: float     # local policing intensity
    ra_attendance: float     # Required Assessment attendance
    outward_codes: tuple[str, ...]
    suites: tuple[str, ...]  # custody suite codes in the area
    providers: tuple[str, ...]  # treatment provider codes
    test_coverage: float = cal.TRIGGER_TEST_RATE  # share of trigger-offence detainees tested


AREAS: tuple[Area, ...] = (
    Area("E09000012", "Hackney", "met", True, 0.11, 1.15, cal.RA_ATTENDANCE_LONDON,
         ("E8", "E5", "E9", "N16"), ("MET-SHO", "MET-STK"), ("PRV-HAC1", "PRV-HAC2"), cal.TRIGGER_TEST_RATE_LONDON),
    Area("E09000030", "Tower Hamlets", "met", True, 0.11, 1.10, cal.RA_ATTENDANCE_LONDON,
         ("E1", "E2", "E3", "E14"), ("MET-BET", "MET-LIM"), ("PRV-TOW1",), cal.TRIGGER_TEST_RATE_LONDON),
    Area("E09000025", "Newham", "met", True, 0.12, 1.05, cal.RA_ATTENDANCE_LONDON,
         ("E6", "E7", "E13", "E15", "E16"), ("MET-FOR", "MET-EHM"), ("PRV-NEW1", "PRV-NEW2"), cal.TRIGGER_TEST_RATE_LONDON),
    Area("E09000022", "Lambeth", "met", True, 0.10, 1.10, cal.RA_ATTENDANCE_LONDON,
         ("SE11", "SW2", "SW9", "SE27"), ("MET-BRX",), ("PRV-LAM1",), cal.TRIGGER_TEST_RATE_LONDON),
    Area("E08000033", "Calderdale", "west_yorkshire", False, 0.07, 0.95, cal.RA_ATTENDANCE_CALDERDALE,
         ("HX1", "HX2", "HX3", "HX6", "HX7"), ("WYP-HAL",), ("PRV-CAL1",)),
    Area("E08000035", "Leeds", "west_yorkshire", False, 0.13, 1.00, 0.55,
         ("LS1", "LS6", "LS8", "LS9", "LS11"), ("WYP-ELL", "WYP-STR"), ("PRV-LDS1", "PRV-LDS2")),
    Area("E08000032", "Bradford", "west_yorkshire", False, 0.09, 1.00, 0.50,
         ("BD1", "BD3", "BD5", "BD8"), ("WYP-TRA",), ("PRV-BRD1",)),
    Area("E08000003", "Manchester", "greater_manchester", False, 0.12, 1.05, cal.RA_ATTENDANCE_OTHER,
         ("M1", "M4", "M8", "M13", "M40"), ("GMP-CHE", "GMP-LEV"), ("PRV-MAN1", "PRV-MAN2")),
    Area("E06000023", "Bristol", "avon_and_somerset", False, 0.07, 0.90, 0.45,
         ("BS1", "BS2", "BS5", "BS13"), ("ASP-KEY",), ("PRV-BRS1",)),
    Area("E07000148", "Norwich", "norfolk", False, 0.05, 0.80, 0.60,
         ("NR1", "NR2", "NR3", "NR5"), ("NFK-AYL",), ("PRV-NOR1",)),
    Area("E06000999", "New unitary (not in reference data)", "thames_valley", False, 0.03, 0.90, 0.50,
         ("MK1", "MK6"), ("TVP-MKN",), ("PRV-NUA1",)),
)
AREA_BY_CODE = {a.code: a for a in AREAS}

# Releasing prisons (codes as on the probation extract).
PRISONS: tuple[str, ...] = ("PNI", "BMI", "WWI", "LHI", "HMI", "NMI", "BLI", "FMI")


@dataclass(frozen=True)
class Geography:
    """The areas a world's people live in, with the lookups lives need."""

    name: str
    areas: tuple[Area, ...]

    @cached_property
    def by_code(self) -> dict[str, Area]:
        return {a.code: a for a in self.areas}

    @cached_property
    def by_force(self) -> dict[str, tuple[Area, ...]]:
        forces: dict[str, list[Area]] = {}
        for a in self.areas:
            forces.setdefault(a.force, []).append(a)
        return {f: tuple(v) for f, v in forces.items()}

    @cached_property
    def _cum_weights(self) -> list[float]:
        return list(accumulate(a.weight for a in self.areas))

    def pick(self, rng) -> Area:
        """A home area, in proportion to the areas' weights."""
        return rng.choices(self.areas, cum_weights=self._cum_weights)[0]

    @property
    def london_weight(self) -> float:
        """London's share of this world's people (the report scales London volumes by it)."""
        return sum(a.weight for a in self.areas if a.london) / sum(a.weight for a in self.areas)


@lru_cache(maxsize=None)
def geography(name: str) -> Geography:
    """`showcase`: the 11 districts above (tests and demo: a partnership's variety in a small world).
    `england`: every English district (generate.england), for the national preset."""
    if name == "showcase":
        return Geography("showcase", AREAS)
    if name == "england":
        from continuum.generate.england import england
        return Geography("england", england())
    raise ValueError(f"unknown geography {name!r}; choose showcase or england")
