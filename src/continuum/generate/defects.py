"""Contract breaches (`--defects`): every kind ingestion must catch, each labelled in truth/defects.csv.

Row defects are *extra* rows with fresh keys (copies of a valid delivered row of the same file, then
broken in exactly one way), so the rest of the file still loads and the breached rows never reach the
truth. Both rows of a duplicated key are labelled: neither copy can be trusted. File defects each take a
whole delta file that is not among a feed's last two (so the cut-off does not move) and not otherwise messed with.
Rule names are ingestion's (continuum.ingest.rules).
"""
from __future__ import annotations

import random
from datetime import timedelta

from continuum.contracts import CONTRACTS, FEEDS
from continuum.generate.delivery import DeliveryFile

# (feed, rule, defect description, mutation of a copied row)
ROW_DEFECTS: tuple[tuple[str, str, str, object], ...] = (
    ("police", "invalid_code", "disposal 'arrested' is not a contract code", lambda r, f: r.update(disposal="arrested")),
    ("police", "missing_required_value", "surname empty", lambda r, f: r.update(surname="")),
    ("police", "invalid_la_code", "arrest_la_code 'E12000007' is not a district code",
     lambda r, f: r.update(arrest_la_code="E12000007")),
    ("police", "invalid_pnc_id", "pnc_id '12345/ABC' malformed", lambda r, f: r.update(pnc_id="12345/ABC")),
    ("police", "invalid_timestamp", "arrest_at with a space and no seconds",
     lambda r, f: r.update(arrest_at=r["arrest_at"][:16].replace("T", " "))),
    ("police", "future_date", "offence_date 30 days after the extract date",
     lambda r, f: r.update(offence_date=(f.extract_date + timedelta(days=30)).isoformat())),
    ("police", "disposal_date_required_unless_pending", "convicted without disposal_date",
     lambda r, f: r.update(disposal="convicted", disposal_date="")),
    ("custody", "invalid_date", "date_of_birth in DD/MM/YYYY",
     lambda r, f: r.update(date_of_birth="/".join(reversed(r["date_of_birth"].split("-"))))),
    ("custody", "tested_at_required_unless_not_tested", "trigger_offence test without tested_at",
     lambda r, f: r.update(test_reason="trigger_offence", tested_at="")),
    ("custody", "duplicate_key_in_file", "the same custody_record_id twice in one file", None),
    ("treatment", "invalid_integer", "top_days_used_start 'ten'", lambda r, f: r.update(top_days_used_start="ten")),
    ("treatment", "out_of_range", "top_days_used_latest 35 (> 28)",
     lambda r, f: r.update(top_days_used_latest="35", top_latest_date=r["referral_date"])),
    ("treatment", "discharge_reason_required_with_discharge_date", "discharge_date without discharge_reason",
     lambda r, f: r.update(discharge_date=f.extract_date.isoformat(), discharge_reason="")),
    ("treatment", "invalid_code", "referral_source 'police'", lambda r, f: r.update(referral_source="police")),
    ("probation", "invalid_date", "event_date 2025-02-30 does not exist",
     lambda r, f: r.update(event_date=f"{f.extract_date.year}-02-30")),
    ("probation", "missing_required_value", "crn empty", lambda r, f: r.update(crn="")),
    ("probation", "invalid_la_code", "la_code 'E9000012' (digit missing)", lambda r, f: r.update(la_code="E9000012")),
)

# (defect, rule, expected_outcome, how)
FILE_DEFECTS: tuple[tuple[str, str, str, str], ...] = (
    ("manifest row_count one more than the rows delivered", "manifest_row_count_mismatch", "rejected_file", "wrong_count"),
    ("manifest sha256 is not the hash of the file", "manifest_sha256_mismatch", "rejected_file", "wrong_hash"),
    ("required column 'sex' missing from the header", "missing_required_column", "rejected_file", "drop_column"),
    ("CSV delivered without its manifest (still arriving)", "no_manifest", "waiting", "no_manifest"),
    ("unknown extra column 'nhs_number'", "unknown_column", "loaded_with_warning", "extra_column"),
)


def inject(files: dict[str, list[DeliveryFile]], rng: random.Random, new_key,
           samples: dict[str, list[tuple[dict, str, str]]]) -> list[tuple[str, str, str]]:
    """Break files in place. `new_key(feed)` mints a fresh key; `samples[feed]` holds valid delivered
    rows as (row, key, person_id) to copy. Returns (feed, key, person_id) for every fresh key, for
    truth/record_persons.csv."""
    fresh: list[tuple[str, str, str]] = []
    for feed in FEEDS:
        usable = [f for f in files[feed][:-1] if not f.delivered_twice and not f.late_days]
        if not usable:
            continue
        target = usable[0]
        templates = samples.get(feed) or []
        if not templates:
            continue
        key_col = CONTRACTS[feed].key
        for d_feed, rule, text, mutate in ROW_DEFECTS:
            if d_feed != feed:
                continue
            template, _, pid = templates[rng.randrange(len(templates))]
            key = new_key(feed)
            fresh.append((feed, key, pid))
            row = dict(template, **{key_col: key})
            copies = [row, dict(row)] if mutate is None else [row]
            if mutate is not None:
                mutate(row, target)
            for r in copies:
                pos = rng.randrange(len(target.rows) + 1)
                target.rows.insert(pos, r)
                target.keys.insert(pos, key)
                target.defective = {(j + 1 if j >= pos else j): v for j, v in target.defective.items()}
                target.defective[pos] = (text, rule)
    # not a feed's last two files: with a late last file the one before it sets the cut-off
    candidates = [f for feed in FEEDS for f in files[feed][1:-2]
                  if not f.delivered_twice and not f.late_days and not f.defective]
    rng.shuffle(candidates)
    used_feeds: list[str] = []
    for text, rule, outcome, how in FILE_DEFECTS:
        # spread over feeds: prefer a file of a feed not yet used
        pick = next((f for f in candidates if f.feed not in used_feeds), candidates[0] if candidates else None)
        if pick is None:
            break
        candidates.remove(pick)
        used_feeds.append(pick.feed)
        pick.file_defect = (text, outcome, rule)
        if how == "wrong_count":
            pick.manifest = "wrong_count"
        elif how == "wrong_hash":
            pick.manifest = "wrong_hash"
        elif how == "no_manifest":
            pick.manifest = "none"
        elif how == "drop_column":
            pick.columns = [c for c in pick.columns if c != "sex"]
        elif how == "extra_column":
            pick.columns = pick.columns + ["nhs_number"]
            for r in pick.rows:
                r["nhs_number"] = f"{rng.randrange(10**9, 10**10)}"
    return fresh
