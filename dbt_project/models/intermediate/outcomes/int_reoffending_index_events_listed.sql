-- Every event that can start a proven-reoffending follow-up, one row per record and cohort,
-- with the index date and area metrics.md 5 gives each cohort.

with

positive_tests as (

    select
        'positive_test' as cohort,
        'custody' as feed,
        custody_record_id as record_key,
        person_key,
        test_date as index_date,
        suite_la_code as la_code
    from {{ ref('fct_drug_tests') }}
    where is_positive and test_date is not null

),

cjs_treatment_starts as (

    select
        'cjs_treatment_start' as cohort,
        'treatment' as feed,
        episode_id as record_key,
        person_key,
        treatment_start_date as index_date,
        la_code
    from {{ ref('fct_treatment_episodes') }}
    where is_cjs_referral and treatment_start_date is not null

),

licence_releases as (

    select
        'licence_release' as cohort,
        'probation' as feed,
        event_id as record_key,
        person_key,
        event_date as index_date,
        la_code
    from {{ ref('fct_probation_events') }}
    where event_type = 'licence_start'

),

drr_starts as (

    select
        'drr_start' as cohort,
        'probation' as feed,
        event_id as record_key,
        person_key,
        event_date as index_date,
        la_code
    from {{ ref('fct_probation_events') }}
    where
        event_type in ('community_order_start', 'suspended_sentence_start')
        and drug_requirement = 'drr'

),

out_of_court_disposals as (

    select
        'out_of_court' as cohort,
        'police' as feed,
        arrest_id as record_key,
        person_key,
        offence_date as index_date,
        arrest_la_code as la_code
    from {{ ref('fct_arrests') }}
    where disposal in ('diversionary_caution', 'community_caution')

),

unioned as (

    select * from positive_tests
    union all
    select * from cjs_treatment_starts
    union all
    select * from licence_releases
    union all
    select * from drr_starts
    union all
    select * from out_of_court_disposals

)

select
    cohort::varchar as cohort,
    feed::varchar as feed,
    record_key::varchar as record_key,
    person_key,
    index_date::date as index_date,
    la_code::varchar as la_code
from unioned
