-- One row per linked person and index event, with the dates of the later steps of their journey.
-- Later steps look at every record of the person (any provider, any area) on or after the index
-- date, with no upper window: analysts apply a window (or days_observed) themselves.

with

arrests as (

    select * from {{ ref('fct_arrests') }}

),

drug_tests as (

    select * from {{ ref('fct_drug_tests') }}

),

episodes as (

    select * from {{ ref('fct_treatment_episodes') }}

),

probation_events as (

    select * from {{ ref('fct_probation_events') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

index_events as (

    select
        'positive_test' as index_type,
        'custody' as index_feed,
        custody_record_id as index_record_key,
        person_key,
        test_date as index_date,
        suite_la_code as la_code,
        ra_required = 'Y' as is_ra_required,
        cast(null as varchar) as drug_requirement,
        cast(null as varchar) as substance_misuse_need
    from drug_tests
    where is_positive and test_date is not null

    union all

    select
        'cjs_treatment_start' as index_type,
        'treatment' as index_feed,
        episode_id as index_record_key,
        person_key,
        treatment_start_date as index_date,
        la_code,
        null as is_ra_required,
        null as drug_requirement,
        null as substance_misuse_need
    from episodes
    where is_cjs_referral and treatment_start_date is not null

    union all

    select
        case
            when event_type = 'licence_start' then 'licence_release' else 'order_start'
        end as index_type,
        'probation' as index_feed,
        event_id as index_record_key,
        person_key,
        event_date as index_date,
        la_code,
        null as is_ra_required,
        drug_requirement,
        substance_misuse_need
    from probation_events
    where
        event_type in ('licence_start', 'community_order_start', 'suspended_sentence_start')

    union all

    select
        'out_of_court' as index_type,
        'police' as index_feed,
        arrest_id as index_record_key,
        person_key,
        offence_date as index_date,
        arrest_la_code as la_code,
        null as is_ra_required,
        null as drug_requirement,
        null as substance_misuse_need
    from arrests
    where disposal in ('diversionary_caution', 'community_caution')

),

journeys as (

    select
        index_type || ':' || index_record_key as journey_id,
        *
    from index_events
    where person_key is not null

),

ra_attendances as (

    select
        journeys.journey_id,
        min(episodes.assessment_date) as ra_attended_date
    from journeys
    inner join episodes
        on
            journeys.person_key = episodes.person_key
            and journeys.index_date <= episodes.assessment_date
    group by journeys.journey_id

),

treatment_starts as (

    select
        journeys.journey_id,
        episodes.episode_id as treatment_episode_id,
        episodes.treatment_start_date,
        episodes.discharge_date,
        episodes.discharge_reason,
        episodes.is_successful_completion
    from journeys
    inner join episodes
        on
            journeys.person_key = episodes.person_key
            and journeys.index_date <= episodes.treatment_start_date
    qualify row_number() over (
            partition by journeys.journey_id
            order by episodes.treatment_start_date, episodes.episode_id
        ) = 1

),

reoffences as (

    select
        journeys.journey_id,
        arrests.arrest_id as first_reoffence_arrest_id,
        arrests.offence_date as first_reoffence_date,
        count(*) over (partition by journeys.journey_id) as proven_reoffences
    from journeys
    inner join arrests
        on
            journeys.person_key = arrests.person_key
            and arrests.is_proven_disposal
            and journeys.index_date < arrests.offence_date
            and journeys.index_date + 365 >= arrests.offence_date
            and journeys.index_date + 547 >= arrests.disposal_date
    qualify row_number() over (
            partition by journeys.journey_id
            order by arrests.offence_date, arrests.arrest_id
        ) = 1

),

final as (

    select
        journeys.journey_id,
        journeys.person_key,
        journeys.index_type,
        journeys.index_feed,
        journeys.index_record_key,
        journeys.index_date,
        journeys.la_code,
        journeys.is_ra_required,
        journeys.drug_requirement,
        journeys.substance_misuse_need,
        ra_attendances.ra_attended_date,
        {{ days_between('journeys.index_date', 'ra_attendances.ra_attended_date') }}
            as days_to_ra_attended,
        treatment_starts.treatment_episode_id,
        treatment_starts.treatment_start_date,
        {{ days_between('journeys.index_date', 'treatment_starts.treatment_start_date') }}
            as days_to_treatment_start,
        treatment_starts.discharge_date,
        treatment_starts.discharge_reason,
        treatment_starts.is_successful_completion,
        {{ days_between(
            'treatment_starts.treatment_start_date', 'treatment_starts.discharge_date'
        ) }} as days_in_treatment,
        reoffences.first_reoffence_arrest_id,
        reoffences.first_reoffence_date,
        {{ days_between('journeys.index_date', 'reoffences.first_reoffence_date') }}
            as days_to_reoffence,
        coalesce(reoffences.proven_reoffences, 0) as proven_reoffences,
        {{ days_between('journeys.index_date', 'cutoff.cutoff_date') }} as days_observed
    from journeys
    cross join cutoff
    left join ra_attendances on journeys.journey_id = ra_attendances.journey_id
    left join treatment_starts on journeys.journey_id = treatment_starts.journey_id
    left join reoffences on journeys.journey_id = reoffences.journey_id

)

select * from final
