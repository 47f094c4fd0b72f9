-- One row per release from prison on licence, with the first treatment start that followed it.
-- The continuity_of_care measure is counted from this table (releases with need, engaged within
-- 21 days), so the fact and the published measure agree by construction.

with

probation_events as (

    select * from {{ ref('fct_probation_events') }}

),

episodes as (

    select * from {{ ref('fct_treatment_episodes') }}

),

order_ends as (

    select * from {{ ref('int_order_ends_matched') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

releases as (

    select
        event_id as release_id,
        person_key,
        la_code,
        event_date as release_date,
        prison_code,
        substance_misuse_need
    from probation_events
    where event_type = 'licence_start'

),

-- "The person has ...": any episode of the linked person, from any provider or area.
first_starts as (

    select
        releases.release_id,
        min(episodes.treatment_start_date) as first_treatment_start_date
    from releases
    inner join episodes
        on
            releases.person_key = episodes.person_key
            and releases.release_date <= episodes.treatment_start_date
    group by releases.release_id

),

final as (

    select
        releases.release_id,
        releases.person_key,
        releases.la_code,
        releases.release_date,
        releases.prison_code,
        releases.substance_misuse_need,
        releases.substance_misuse_need = 'Y' as has_need,
        order_ends.end_date as licence_end_date,
        order_ends.termination_reason as licence_termination_reason,
        first_starts.first_treatment_start_date,
        first_starts.first_treatment_start_date - releases.release_date as days_to_treatment_start,
        coalesce(first_starts.first_treatment_start_date <= releases.release_date + 21, false)
            as is_engaged_21d,
        cutoff.cutoff_date - releases.release_date as days_observed
    from releases
    cross join cutoff
    left join first_starts on releases.release_id = first_starts.release_id
    left join order_ends on releases.release_id = order_ends.start_event_id

)

select * from final
