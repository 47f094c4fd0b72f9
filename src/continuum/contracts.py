"""The four feed contracts (shared/contracts/feeds.md) as data.

Everything that needs to know what a valid delivery looks like -- the generator, ingestion, the quality
gate, the dbt sources -- reads it from here, so the contract is stated once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

FEEDS: tuple[str, ...] = ("police", "custody", "treatment", "probation")

LA_CODE_PATTERN = r"^E0[6-9][0-9]{6}$"
LA_CODE_RE = re.compile(LA_CODE_PATTERN)
PNC_ID_PATTERN = r"^[0-9]{4}/[0-9]{7}[A-Z]$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIMESTAMP_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"

SEX = ("M", "F", "X", "U")
ETHNICITY = ("asian", "black", "mixed", "white", "other", "not_stated")
OFFENCE_GROUP = (
    "burglary", "robbery", "theft", "vehicle", "fraud", "class_a_possession", "class_a_supply",
    "other_drug_possession", "other_drug_supply", "violence", "criminal_damage", "public_order", "other",
)
DISPOSAL = (
    "pending", "charged", "convicted", "acquitted", "caution", "diversionary_caution",
    "community_caution", "community_resolution", "no_further_action",
)
TEST_REASON = ("trigger_offence", "inspector_authority", "not_tested")
TEST_RESULT = ("positive", "negative", "refused", "not_tested")
YES_NO = ("Y", "N")
REFERRAL_SOURCE = (
    "required_assessment", "arrest_referral", "liaison_diversion", "out_of_court_disposal",
    "probation", "drr", "prison", "self", "gp", "hospital", "other",
)
CJS_REFERRAL_SOURCES = (
    "required_assessment", "arrest_referral", "liaison_diversion", "out_of_court_disposal",
    "probation", "drr", "prison",
)
SUBSTANCE = ("opiates", "crack", "cocaine", "cannabis", "alcohol", "other")
DISCHARGE_REASON = (
    "completed_drug_free", "completed_occasional_user", "transferred", "transferred_custody",
    "dropped_out", "declined", "withdrawn", "died", "other",
)
SUCCESSFUL_COMPLETION = ("completed_drug_free", "completed_occasional_user")
EVENT_TYPE = ("community_order_start", "suspended_sentence_start", "licence_start", "order_end")
DRUG_REQUIREMENT = ("drr", "atr", "none")
TERMINATION_REASON = ("completed", "revoked_breach", "revoked_new_offence", "other")
PROVEN_DISPOSALS = ("convicted", "caution", "diversionary_caution", "community_caution")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | date | timestamp | integer | code | la_code | pnc_id
    required: bool = False
    codes: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Conditional:
    """A rule across columns: when `when_column` holds one of `when_values` (or, with `negate`, none of
    them; with `when_values=None`, any non-null value), `then_column` must be non-null."""

    rule: str
    when_column: str
    when_values: tuple[str, ...] | None
    then_column: str
    negate: bool = False


@dataclass(frozen=True)
class Feed:
    name: str
    key: str
    grain: str
    columns: tuple[Column, ...]
    conditionals: tuple[Conditional, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


def _c(name, type_, required=False, codes=None, minimum=None, maximum=None) -> Column:
    return Column(name, type_, required, tuple(codes) if codes else None, minimum, maximum)


_ETHNICITY = _c("ethnicity", "code", codes=ETHNICITY)

POLICE = Feed(
    name="police",
    key="arrest_id",
    grain="one row per arrest",
    columns=(
        _c("arrest_id", "string", True),
        _c("force_code", "string", True),
        _c("pnc_id", "pnc_id"),
        _c("surname", "string", True),
        _c("forenames", "string", True),
        _c("date_of_birth", "date", True),
        _c("sex", "code", True, SEX),
        _c("postcode", "string"),
        _c("home_la_code", "la_code"),
        _c("arrest_at", "timestamp", True),
        _c("arrest_la_code", "la_code", True),
        _c("offence_date", "date", True),
        _c("offence_group", "code", True, OFFENCE_GROUP),
        _c("disposal", "code", True, DISPOSAL),
        _c("disposal_date", "date"),
        _ETHNICITY,
        _c("updated_at", "timestamp", True),
    ),
    conditionals=(
        Conditional("disposal_date_required_unless_pending", "disposal", ("pending",), "disposal_date", negate=True),
    ),
)

CUSTODY = Feed(
    name="custody",
    key="custody_record_id",
    grain="one row per custody detention",
    columns=(
        _c("custody_record_id", "string", True),
        _c("arrest_id", "string"),
        _c("custody_suite_code", "string", True),
        _c("suite_la_code", "la_code", True),
        _c("pnc_id", "pnc_id"),
        _c("surname", "string", True),
        _c("forenames", "string", True),
        _c("date_of_birth", "date", True),
        _c("sex", "code", True, SEX),
        _c("detained_at", "timestamp", True),
        _c("released_at", "timestamp"),
        _c("test_reason", "code", True, TEST_REASON),
        _c("tested_at", "timestamp"),
        _c("cocaine_result", "code", codes=TEST_RESULT),
        _c("opiates_result", "code", codes=TEST_RESULT),
        _c("ra_required", "code", codes=YES_NO),
        _c("ra_appointment_at", "timestamp"),
        _c("ra_provider_code", "string"),
        _ETHNICITY,
        _c("updated_at", "timestamp", True),
    ),
    conditionals=(
        Conditional("tested_at_required_unless_not_tested", "test_reason", ("not_tested",), "tested_at", negate=True),
    ),
)

TREATMENT = Feed(
    name="treatment",
    key="episode_id",
    grain="one row per structured treatment episode",
    columns=(
        _c("episode_id", "string", True),
        _c("provider_code", "string", True),
        _c("client_ref", "string", True),
        _c("initials", "string", True),
        _c("date_of_birth", "date", True),
        _c("sex", "code", True, SEX),
        _c("la_code", "la_code", True),
        _c("postcode_district", "string"),
        _c("custody_record_id", "string"),
        _c("referral_source", "code", True, REFERRAL_SOURCE),
        _c("referral_date", "date", True),
        _c("assessment_date", "date"),
        _c("treatment_start_date", "date"),
        _c("primary_substance", "code", True, SUBSTANCE),
        _c("discharge_date", "date"),
        _c("discharge_reason", "code", codes=DISCHARGE_REASON),
        _c("top_days_used_start", "integer", minimum=0, maximum=28),
        _c("top_days_used_latest", "integer", minimum=0, maximum=28),
        _c("top_latest_date", "date"),
        _ETHNICITY,
        _c("updated_at", "timestamp", True),
    ),
    conditionals=(
        Conditional("discharge_reason_required_with_discharge_date", "discharge_date", None, "discharge_reason"),
    ),
)

PROBATION = Feed(
    name="probation",
    key="event_id",
    grain="one row per probation event (order or licence start, order end)",
    columns=(
        _c("event_id", "string", True),
        _c("crn", "string", True),
        _c("pnc_id", "pnc_id"),
        _c("surname", "string", True),
        _c("forenames", "string", True),
        _c("date_of_birth", "date", True),
        _c("sex", "code", True, SEX),
        _c("la_code", "la_code", True),
        _c("event_type", "code", True, EVENT_TYPE),
        _c("event_date", "date", True),
        _c("prison_code", "string"),
        _c("drug_requirement", "code", codes=DRUG_REQUIREMENT),
        _c("substance_misuse_need", "code", codes=YES_NO),
        _c("termination_reason", "code", codes=TERMINATION_REASON),
        _c("order_ref", "string"),
        _ETHNICITY,
        _c("updated_at", "timestamp", True),
    ),
)

CONTRACTS: dict[str, Feed] = {f.name: f for f in (POLICE, CUSTODY, TREATMENT, PROBATION)}


def feed(name: str) -> Feed:
    try:
        return CONTRACTS[name]
    except KeyError:
        raise KeyError(f"unknown feed {name!r}; feeds are {', '.join(FEEDS)}") from None


def file_name(feed_name: str, extract_date: str) -> str:
    """`police_20250131.csv` for extract date 2025-01-31."""
    return f"{feed_name}_{extract_date.replace('-', '')}.csv"


def manifest_name(feed_name: str, extract_date: str) -> str:
    return f"{feed_name}_{extract_date.replace('-', '')}.manifest.json"
