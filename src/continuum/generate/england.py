"""England's ~300 local authority districts, for the `national` preset.

The showcase geography (areas.AREAS) packs a partnership's worth of variety into 11 districts; spread
over two million people it would put ~180,000 of them in each district, twenty times England's density,
so that people who share initials, a date of birth and an area -- the only identity a treatment record
carries -- would be twenty times commoner than in life, and a linker tuned on it would be tuned to the
wrong problem. This catalogue has England's shape instead: every London borough, metropolitan district
and unitary authority by its real ONS code, the shire districts by their real county blocks of E07 codes
(2024 boundaries, give or take a reorganisation), each with a police force, custody suites, treatment
providers and postcode districts of its own.

Sizes are rough on purpose (a district's share of the *contact* population: people who meet police,
drug services or probation): urban districts weigh more per resident than rural ones, because drug-related
arrest and treatment rates are higher there. The showcase districts keep their hand-set rates (London's
low test coverage and attendance, Calderdale's high attendance); every other district draws its own
attendance, test coverage and policing intensity from a fixed seed, so areas differ and partnerships can
be compared. The geography does not depend on the world's seed: it is a place, not an event.
"""
from __future__ import annotations

import random
from dataclasses import replace
from functools import lru_cache

from continuum.generate import calibration as cal
from continuum.generate.areas import AREA_BY_CODE, AREAS, Area

LONDON = ("City of London", "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon",
          "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow",
          "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames",
          "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge", "Richmond upon Thames", "Southwark", "Sutton",
          "Tower Hamlets", "Waltham Forest", "Wandsworth", "Westminster")

# (code number, name, force, residents in thousands)
METROPOLITAN = (
    (1, "Bolton", "greater_manchester", 296), (2, "Bury", "greater_manchester", 193),
    (3, "Manchester", "greater_manchester", 568), (4, "Oldham", "greater_manchester", 242),
    (5, "Rochdale", "greater_manchester", 223), (6, "Salford", "greater_manchester", 270),
    (7, "Stockport", "greater_manchester", 297), (8, "Tameside", "greater_manchester", 231),
    (9, "Trafford", "greater_manchester", 236), (10, "Wigan", "greater_manchester", 330),
    (11, "Knowsley", "merseyside", 155), (12, "Liverpool", "merseyside", 496), (13, "St. Helens", "merseyside", 183),
    (14, "Sefton", "merseyside", 279), (15, "Wirral", "merseyside", 320), (16, "Barnsley", "south_yorkshire", 244),
    (17, "Doncaster", "south_yorkshire", 308), (18, "Rotherham", "south_yorkshire", 265),
    (19, "Sheffield", "south_yorkshire", 556), (21, "Newcastle upon Tyne", "northumbria", 300),
    (22, "North Tyneside", "northumbria", 209), (23, "South Tyneside", "northumbria", 147),
    (24, "Sunderland", "northumbria", 274), (25, "Birmingham", "west_midlands", 1145),
    (26, "Coventry", "west_midlands", 345), (27, "Dudley", "west_midlands", 323), (28, "Sandwell", "west_midlands", 341),
    (29, "Solihull", "west_midlands", 216), (30, "Walsall", "west_midlands", 284),
    (31, "Wolverhampton", "west_midlands", 263), (32, "Bradford", "west_yorkshire", 546),
    (33, "Calderdale", "west_yorkshire", 206), (34, "Kirklees", "west_yorkshire", 433),
    (35, "Leeds", "west_yorkshire", 812), (36, "Wakefield", "west_yorkshire", 353),
    (37, "Gateshead", "northumbria", 196),
)
UNITARY = (
    (1, "Hartlepool", "cleveland", 92), (2, "Middlesbrough", "cleveland", 143), (3, "Redcar and Cleveland", "cleveland", 136),
    (4, "Stockton-on-Tees", "cleveland", 197), (5, "Darlington", "durham", 107), (6, "Halton", "cheshire", 128),
    (7, "Warrington", "cheshire", 210), (8, "Blackburn with Darwen", "lancashire", 154), (9, "Blackpool", "lancashire", 141),
    (10, "Kingston upon Hull", "humberside", 267), (11, "East Riding of Yorkshire", "humberside", 342),
    (12, "North East Lincolnshire", "humberside", 157), (13, "North Lincolnshire", "humberside", 169),
    (14, "York", "north_yorkshire", 202), (15, "Derby", "derbyshire", 261), (16, "Leicester", "leicestershire", 368),
    (17, "Rutland", "leicestershire", 41), (18, "Nottingham", "nottinghamshire", 323), (19, "Herefordshire", "west_mercia", 187),
    (20, "Telford and Wrekin", "west_mercia", 185), (21, "Stoke-on-Trent", "staffordshire", 258),
    (22, "Bath and North East Somerset", "avon_and_somerset", 193), (23, "Bristol", "avon_and_somerset", 472),
    (24, "North Somerset", "avon_and_somerset", 216), (25, "South Gloucestershire", "avon_and_somerset", 290),
    (26, "Plymouth", "devon_and_cornwall", 264), (27, "Torbay", "devon_and_cornwall", 139), (30, "Swindon", "wiltshire", 233),
    (31, "Peterborough", "cambridgeshire", 215), (32, "Luton", "bedfordshire", 225), (33, "Southend-on-Sea", "essex", 180),
    (34, "Thurrock", "essex", 176), (35, "Medway", "kent", 279), (36, "Bracknell Forest", "thames_valley", 124),
    (37, "West Berkshire", "thames_valley", 161), (38, "Reading", "thames_valley", 174), (39, "Slough", "thames_valley", 158),
    (40, "Windsor and Maidenhead", "thames_valley", 153), (41, "Wokingham", "thames_valley", 177),
    (42, "Milton Keynes", "thames_valley", 287), (43, "Brighton and Hove", "sussex", 277), (44, "Portsmouth", "hampshire", 208),
    (45, "Southampton", "hampshire", 249), (46, "Isle of Wight", "hampshire", 140), (47, "County Durham", "durham", 522),
    (49, "Cheshire East", "cheshire", 398), (50, "Cheshire West and Chester", "cheshire", 357),
    (51, "Shropshire", "west_mercia", 323), (52, "Cornwall", "devon_and_cornwall", 570), (53, "Isles of Scilly", "devon_and_cornwall", 2),
    (54, "Wiltshire", "wiltshire", 510), (55, "Bedford", "bedfordshire", 185), (56, "Central Bedfordshire", "bedfordshire", 294),
    (57, "Northumberland", "northumbria", 320), (58, "Bournemouth, Christchurch and Poole", "dorset", 400),
    (59, "Dorset", "dorset", 379), (60, "Buckinghamshire", "thames_valley", 553), (61, "North Northamptonshire", "northamptonshire", 359),
    (62, "West Northamptonshire", "northamptonshire", 425), (63, "Cumberland", "cumbria", 274),
    (64, "Westmorland and Furness", "cumbria", 225), (65, "North Yorkshire", "north_yorkshire", 615),
    (66, "Somerset", "avon_and_somerset", 571),
)
# Shire districts: E07 codes come in county blocks; names are not carried (the pipeline never needs them).
SHIRE_BLOCKS = (
    ("cambridgeshire", (8, 9, 10, 11, 12)), ("derbyshire", tuple(range(32, 40))),
    ("devon_and_cornwall", tuple(range(40, 48))), ("sussex", tuple(range(61, 66)) + tuple(range(223, 230))),
    ("essex", tuple(range(66, 76))), ("gloucestershire", tuple(range(78, 84))), ("hampshire", tuple(range(84, 95))),
    ("hertfordshire", (95, 96, 98, 102, 103, 240, 241, 242, 243)), ("kent", tuple(range(105, 117))),
    ("lancashire", tuple(range(117, 129))), ("leicestershire", tuple(range(129, 136))),
    ("lincolnshire", tuple(range(136, 143))), ("norfolk", tuple(range(143, 150))),
    ("nottinghamshire", tuple(range(170, 177))), ("thames_valley", tuple(range(177, 182))),
    ("staffordshire", tuple(range(192, 200))), ("suffolk", (200, 202, 203, 244, 245)),
    ("surrey", tuple(range(207, 218))), ("warwickshire", tuple(range(218, 223))),
    ("west_mercia", tuple(range(234, 240))),
)
SHIRE_DISTRICT_THOUSANDS = 110
LONDON_BOROUGH_THOUSANDS = 270

# Contact population per resident, by kind of district (drug-related arrests and treatment are
# concentrated in cities: ONS/Home Office by police force area; NDTMS by local authority).
URBANITY = {"E09": 1.25, "E08": 1.3, "E06": 1.0, "E07": 0.6}

# Postcode areas a force's districts draw their outward codes from (real areas, invented districts).
POSTCODE_AREAS = {
    "met": ("E", "N", "SE", "SW", "W", "NW", "EN", "IG", "RM", "BR", "CR", "HA", "UB", "TW", "KT", "SM", "DA"),
    "city_of_london": ("EC",), "greater_manchester": ("M", "BL", "OL", "SK", "WN"), "merseyside": ("L", "CH", "PR"),
    "south_yorkshire": ("S", "DN"), "northumbria": ("NE", "SR"), "west_midlands": ("B", "CV", "DY", "WS", "WV"),
    "west_yorkshire": ("LS", "BD", "HD", "HX", "WF"), "cleveland": ("TS",), "durham": ("DH", "DL"), "cheshire": ("CW", "WA"),
    "lancashire": ("BB", "FY", "LA"), "humberside": ("HU", "DN", "YO"), "north_yorkshire": ("YO", "HG"), "derbyshire": ("DE",),
    "leicestershire": ("LE",), "nottinghamshire": ("NG",), "west_mercia": ("HR", "TF", "SY", "WR"), "staffordshire": ("ST",),
    "avon_and_somerset": ("BS", "BA", "TA"), "devon_and_cornwall": ("PL", "TQ", "TR", "EX"), "wiltshire": ("SN", "SP"),
    "cambridgeshire": ("CB", "PE"), "bedfordshire": ("LU", "MK"), "essex": ("SS", "CM", "CO", "RM"), "kent": ("ME", "CT", "TN"),
    "thames_valley": ("RG", "SL", "OX", "HP", "MK"), "sussex": ("BN", "RH", "TN"), "hampshire": ("PO", "SO", "GU"),
    "dorset": ("BH", "DT"), "northamptonshire": ("NN",), "cumbria": ("CA", "LA"), "gloucestershire": ("GL",),
    "hertfordshire": ("AL", "SG", "WD", "HP"), "lincolnshire": ("LN", "PE"), "norfolk": ("NR",), "suffolk": ("IP", "CB"),
    "surrey": ("GU", "KT", "RH"), "warwickshire": ("CV",),
}


def _districts() -> list[tuple[str, str, str, float]]:
    """(code, name, force, contact weight) for every district."""
    rows = []
    for i, name in enumerate(LONDON, start=1):
        force = "city_of_london" if i == 1 else "met"
        thousands = 9 if i == 1 else LONDON_BOROUGH_THOUSANDS
        rows.append((f"E09{i:06d}", name, force, thousands * URBANITY["E09"]))
    rows += [(f"E08{n:06d}", name, force, k * URBANITY["E08"]) for n, name, force, k in METROPOLITAN]
    rows += [(f"E06{n:06d}", name, force, k * URBANITY["E06"]) for n, name, force, k in UNITARY]
    rows += [(f"E07{n:06d}", f"District E07{n:06d}", force, SHIRE_DISTRICT_THOUSANDS * URBANITY["E07"])
             for force, numbers in SHIRE_BLOCKS for n in numbers]
    return rows


@lru_cache(maxsize=1)
def england() -> tuple[Area, ...]:
    """The catalogue, built the same way every time (seeded by a constant, not by the world's seed)."""
    rng = random.Random("continuum:england:v1")
    used_outward = {o for a in AREAS for o in a.outward_codes}
    next_district: dict[str, int] = {}
    areas = []
    for code, name, force, weight in _districts():
        prefixes = POSTCODE_AREAS[force]
        n_out = 2 if weight < 100 else 4 if weight < 400 else 6
        outward = []
        while len(outward) < n_out:
            prefix = prefixes[len(outward) % len(prefixes)]
            k = next_district.get(prefix, 0) + 1
            next_district[prefix] = k
            o = f"{prefix}{k}"
            if o not in used_outward:
                used_outward.add(o)
                outward.append(o)
        tag = code[1:3] + code[-3:]
        n_suites = 1 if weight < 300 else 2
        suites = tuple(f"{force[:3].upper()}-{tag}{chr(65 + s)}" for s in range(n_suites))
        providers = tuple(f"PRV-{tag}{chr(65 + s)}" for s in range(1 if weight < 200 else 2))
        london = code.startswith("E09")
        if code in AREA_BY_CODE:
            areas.append(replace(AREA_BY_CODE[code], weight=weight / 1000))
            continue
        areas.append(Area(
            code, name, force, london, weight / 1000,
            arrest_factor=round(rng.uniform(0.8, 1.2), 2),
            ra_attendance=cal.RA_ATTENDANCE_LONDON if london else round(rng.uniform(0.35, 0.65), 2),
            outward_codes=tuple(outward), suites=suites, providers=providers,
            test_coverage=cal.TRIGGER_TEST_RATE_LONDON if london else round(
                min(0.95, cal.TRIGGER_TEST_RATE * rng.uniform(0.85, 1.1)), 2)))
    # The well-formed code that names no real district stays, small, so the national world exercises it.
    areas.append(replace(AREA_BY_CODE["E06000999"], weight=0.02))
    return tuple(areas)
