"""Every behavioural parameter of the synthetic world, named, with the published figure it is tuned to.

The world is a simulation, so most published figures are *outcomes* of several parameters rather than
one knob; the parameters here were tuned (on the demo preset, see benchmarks/) so that the produced
rates land near the targets listed in TARGETS, and `truth/calibration.csv` reports both side by side.
Changing a number here changes every world: it is the one place to argue about realism.
"""
from __future__ import annotations

# --- Population --------------------------------------------------------------------------------------
# The simulated population is the adults who come into contact with police, drug services or probation,
# not the general population. 2,000,000 people over five years reproduce England's volumes (arrests,
# treatment numbers, probation caseload) -- that is the `national` preset.
NATIONAL_PEOPLE = 2_000_000
# London's share of England's population (ONS mid-2023: 8.9m of 57.1m), to scale London volumes.
LONDON_SHARE_OF_ENGLAND = 0.156

# Substance-use profile mix. Sources: ONS/Home Office OCU prevalence estimates (~313,000 opiate and/or
# crack users in England, 2019/20); CSEW 2023 (powder cocaine the most used stimulant); tuned so DToA
# positivity and mix match the Home Office Drug Testing on Arrest returns (TARGETS below).
PROFILE_MIX = {"opiate_crack": 0.11, "cocaine": 0.21, "other": 0.16, "none": 0.52}
# London has fewer opiate/crack users per head than England as a whole (the OCU prevalence estimates
# are highest in the North East and North West) and a larger recreational cocaine market; tuned so
# London's DToA positivity lands near the ~50% the Met reports (TARGETS) against ~56% nationally.
PROFILE_MIX_LONDON = {"opiate_crack": 0.065, "cocaine": 0.19, "other": 0.16, "none": 0.585}
# Within opiate_crack users: which of the two they use (NDTMS 2023-24: most OCU clients use both).
OCU_SUBTYPE = {"both": 0.66, "opiates": 0.14, "crack": 0.20}

# Sex (self-described, as recorded): ONS arrest statistics ~85% male; X and U are rare but valid codes.
SEX_MIX = {"M": 0.78, "F": 0.21, "X": 0.005, "U": 0.005}
# Ethnicity mixes (ONS 2021 census, high-level groups), London vs elsewhere.
ETHNICITY_LONDON = {"white": 0.46, "black": 0.20, "asian": 0.19, "mixed": 0.07, "other": 0.05, "not_stated": 0.03}
ETHNICITY_ELSEWHERE = {"white": 0.84, "asian": 0.08, "black": 0.03, "mixed": 0.03, "other": 0.01, "not_stated": 0.01}

# --- Offending and arrest ----------------------------------------------------------------------------
# Arrests per person-year by profile (Home Office "Police powers and procedures" ~640,000 arrests a year
# in England and Wales; Ministry of Justice: OCUs account for a large share of acquisitive crime).
ARREST_RATE = {"opiate_crack": 1.20, "cocaine": 0.55, "other": 0.32, "none": 0.17}
# Offending is concentrated: a few people commit most offences (MoJ "prolific offenders"; the Cambridge
# Study in Delinquent Development). Each person's arrest hazard is multiplied by a gamma-distributed
# propensity with mean 1 and this shape (variance 1/shape): the same number of arrests, more of them
# repeat arrests, so that proven reoffending among people with a proven offence reaches the ~25% the
# MoJ reports without inflating arrests (a homogeneous hazard gave 19%).
OFFENDING_PROPENSITY_SHAPE = 0.8
# Offending falls while in structured treatment (NTA/PHE "Estimating the crime reduction benefit of
# drug treatment", 2012: ~44% fewer crimes) -> multiplier on the arrest hazard while in treatment.
IN_TREATMENT_ARREST_FACTOR = 0.55
# Share of arrests for DToA trigger offences (acquisitive crime, class A) by profile.
OFFENCE_WEIGHTS = {
    "opiate_crack": {"theft": 30, "burglary": 10, "robbery": 4, "vehicle": 3, "fraud": 3, "class_a_possession": 12,
                     "class_a_supply": 4, "other_drug_possession": 2, "other_drug_supply": 1, "violence": 10,
                     "criminal_damage": 6, "public_order": 7, "other": 8},
    "cocaine": {"theft": 12, "burglary": 5, "robbery": 4, "vehicle": 4, "fraud": 3, "class_a_possession": 14,
                "class_a_supply": 8, "other_drug_possession": 4, "other_drug_supply": 2, "violence": 20,
                "criminal_damage": 8, "public_order": 10, "other": 6},
    "other": {"theft": 10, "burglary": 4, "robbery": 2, "vehicle": 5, "fraud": 3, "class_a_possession": 2,
              "class_a_supply": 1, "other_drug_possession": 30, "other_drug_supply": 5, "violence": 22,
              "criminal_damage": 10, "public_order": 12, "other": 10},
    "none": {"theft": 12, "burglary": 5, "robbery": 2, "vehicle": 6, "fraud": 6, "class_a_possession": 1,
             "class_a_supply": 1, "other_drug_possession": 25, "other_drug_supply": 1, "violence": 30,
             "criminal_damage": 12, "public_order": 12, "other": 10},
}
# Trigger offences under the Drugs Act 2005 / DToA guidance (acquisitive crime and class A).
TRIGGER_OFFENCES = ("theft", "burglary", "robbery", "vehicle", "fraud", "class_a_possession", "class_a_supply")
# Share of arrests that lead to a custody detention (voluntary attendance is the rest).
CUSTODY_RATE = 0.88
# Test on arrest: trigger offence tested where the force tests (Home Office DToA guidance); inspector's
# authority for other offences when drug use is suspected.
TRIGGER_TEST_RATE = 0.85
# The Met tests in 25 of its suites only (~1,200 tests a month from ~9,000 London arrests a month).
TRIGGER_TEST_RATE_LONDON = 0.34
INSPECTOR_TEST_RATE = {"opiate_crack": 0.20, "cocaine": 0.12, "other": 0.06, "none": 0.04}
# Probability a current user's sample shows recent use (then every substance they use is detected,
# bar MISSED_SUBSTANCE); lower in treatment (substitution therapy does not show in the DToA test).
DETECTION = 0.85
DETECTION_IN_TREATMENT = 0.50
MISSED_SUBSTANCE = 0.05
TEST_REFUSED_RATE = 0.02
SINGLE_SUBSTANCE_TEST_RATE = 0.03  # only one substance tested: the other result is `not_tested`
# Required Assessment imposed after a positive test (Home Office DToA: London ~400 RA of ~600 positives).
RA_REQUIRED_RATE = 0.67

# Disposal of an arrest (Home Office outcomes data): weights by profile group (users vs non-users).
DISPOSAL_WEIGHTS_USER = {"charged": 40, "no_further_action": 30, "caution": 5, "community_resolution": 7,
                         "diversionary_caution": 8, "community_caution": 6, "pending_forever": 4}
DISPOSAL_WEIGHTS_NON_USER = {"charged": 30, "no_further_action": 45, "caution": 6, "community_resolution": 9,
                             "diversionary_caution": 4, "community_caution": 3, "pending_forever": 3}
CONVICTION_RATE = 0.82  # MoJ Criminal Justice Statistics: ~82% conviction ratio at court
# Sentence for a conviction (MoJ sentencing statistics, adults, indictable and either-way offences).
SENTENCE_WEIGHTS = {"prison": 30, "suspended": 20, "community": 30, "other": 20}
DRR_RATE_USER = 0.40        # share of community orders/SSOs of drug users with a DRR
ATR_RATE = 0.25             # alcohol treatment requirement for 'other' profile (alcohol) offenders
NEED_RATE_USER = 0.85       # substance misuse need assessed among users
NEED_RATE_NON_USER = 0.08
# DRR termination (MoJ Offender Management Statistics: DRR completed ~30%, revoked ~67%).
# Drawn at sentence; later convictions revoke more orders, so the drawn completion share is above the target.
DRR_TERMINATION = {"completed": 0.42, "revoked_breach": 0.40, "revoked_new_offence": 0.15, "other": 0.03}
DRR_LENGTH_DAYS = (180, 365)
ORDER_TERMINATION = {"completed": 0.64, "revoked_breach": 0.20, "revoked_new_offence": 0.11, "other": 0.05}
LICENCE_TERMINATION = {"completed": 0.70, "revoked_breach": 0.24, "revoked_new_offence": 0.03, "other": 0.03}
# Share already in prison at the period start (MoJ: ~57,000 releases a year from ~85,000 prisoners).
IN_PRISON_AT_START = {"opiate_crack": 0.07, "cocaine": 0.04, "other": 0.02, "none": 0.012}

# --- Treatment ---------------------------------------------------------------------------------------
# Self/GP/hospital/other referrals per person-year outside a current episode (NDTMS 2023-24: ~159,000
# new entrants a year; ~310,000 adults in contact with treatment).
REFERRAL_RATE = {"opiate_crack": 0.30, "cocaine": 0.09, "other": 0.08, "none": 0.012}
SELF_REFERRAL_SOURCES = {"self": 60, "gp": 15, "hospital": 10, "other": 15}
ARREST_REFERRAL_RATE = 0.05      # user arrested -> arrest referral worker
LIAISON_DIVERSION_RATE = 0.05    # user arrested -> liaison and diversion
OOCD_REFERRAL_RATE = 0.60        # diversionary/community caution with a drug condition
PROBATION_REFERRAL_RATE = 0.35   # need without DRR -> probation referral
# Attendance of non-RA referrals at assessment, and start after assessment.
ASSESSMENT_RATE = 0.88
START_RATE = 0.92
RA_START_RATE = 0.60      # RA attenders who start structured treatment
DRR_ATTEND_RATE = 0.90
# Continuity of care after prison release (OHID: ~30% of people released with a need engage within 3 weeks).
CONTINUITY_21D = 0.30
LATE_ENGAGEMENT = 0.20    # of the rest, engage 22-120 days after release
# Outcome of a started episode (NDTMS 2023-24: 46% of leavers completed free of dependence).
STARTED_OUTCOME = {"completed_drug_free": 0.62, "completed_occasional_user": 0.10, "dropped_out": 0.11,
                   "transferred": 0.05, "withdrawn": 0.04, "other": 0.06, "died": 0.02}
# Days from start to discharge. NDTMS: many opiate clients stay in treatment for years, so about as many
# adults are carried over from the previous year as enter (~310,000 in treatment, ~159,000 new); with
# episodes of 60-300 days the world carried over half that.
COMPLETION_DAYS = (90, 600)
OTHER_DISCHARGE_DAYS = (30, 500)  # dropped out, transferred, withdrawn, other, died
RA_NO_SHOW_EPISODE = 0.15  # RA not attended: the provider still opens (and closes) an episode
NOT_STARTED_OUTCOME = {"declined": 0.5, "dropped_out": 0.35, "other": 0.15}
DEATH_RATE = {"opiate_crack": 0.012, "cocaine": 0.004, "other": 0.003, "none": 0.002}  # per year (ONS)
TOP_RECORDED_RATE = 0.92

# --- Areas ---------------------------------------------------------------------------------------------
# Required Assessment attendance (Home Office DToA returns): London ~27%, Calderdale ~79%.
# (set below the targets: people also reach an assessment in the window through other referrals)
RA_ATTENDANCE_LONDON = 0.18
RA_ATTENDANCE_CALDERDALE = 0.75
RA_ATTENDANCE_OTHER = 0.50

# --- Targets reported in truth/calibration.csv ---------------------------------------------------------
# (name, target, source). `produced` is computed by continuum.generate.report.
TARGETS: tuple[tuple[str, float, str], ...] = (
    ("test_positive_rate", 0.56, "Home Office DToA returns: ~56% of tests positive"),
    ("positive_including_cocaine", 0.87, "Home Office DToA returns: 87% of positives include cocaine"),
    ("positive_both", 0.31, "Home Office DToA returns: 31% of positives cocaine and opiates"),
    ("london_tests_per_month", 1200, "MOPAC/Met DToA: ~1,200 tests a month over 25 suites (national scale)"),
    ("london_positive_rate", 0.50, "MOPAC/Met DToA: about half of London tests positive"),
    ("london_ra_required_per_month", 400, "MOPAC/Met DToA: ~400 Required Assessments a month (national scale)"),
    ("ra_attendance_london", 0.27, "Home Office DToA: RA attendance ~27% in London"),
    ("ra_attendance_calderdale", 0.79, "Home Office DToA: RA attendance ~79% in Calderdale"),
    ("treatment_completed_share", 0.46, "NDTMS 2023-24: 46% of leavers completed free of dependence"),
    ("continuity_of_care_21d", 0.30, "OHID continuity of care: ~30% engage within 3 weeks of release"),
    ("proven_reoffending", 0.25, "MoJ proven reoffending: adult ~25%"),
    ("proven_reoffending_drug_offenders", 0.20, "MoJ proven reoffending: ~20% for drug offenders"),
    ("proven_reoffending_drug_london", 0.25, "MoJ proven reoffending: ~25% of drug offenders in London"),
    ("drr_completed", 0.30, "MoJ Offender Management Statistics: DRR completed ~30%"),
    ("drr_revoked", 0.67, "MoJ Offender Management Statistics: DRR revoked ~67%"),
    ("adults_in_treatment_per_year", 310_000, "NDTMS 2023-24: ~310,000 adults in treatment (national scale)"),
    ("new_treatment_entrants_per_year", 159_000, "NDTMS 2023-24: ~159,000 new entrants (national scale)"),
    ("arrests_per_year", 640_000, "Home Office Police Powers and Procedures: ~640,000 arrests (national scale)"),
    ("people_under_probation", 240_000, "MoJ Offender Management Statistics: ~240,000 under supervision"),
    ("prison_releases_per_year", 57_000, "MoJ Offender Management Statistics: ~57,000 releases a year"),
)
