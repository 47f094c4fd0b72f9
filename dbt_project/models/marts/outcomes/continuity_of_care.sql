-- Continuity of care by licence area and month of release (metrics.md 2, architecture
-- judgements 1, 2, 4 and 9). One row per area (plus ALL) and reporting month.

with

probation_events as (

    select * from {{ ref('fct_probation_events') }}

),

episodes as (

    select * from {{ ref('fct_treatment_episodes') }}

),

areas as (

    select * from {{ ref('int_areas_listed') }}

),

months as (

    select * from {{ ref('int_reporting_months_listed') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

releases as (

    select
        event_id,
        person_key,
        la_code,
        event_date as release_date,
        cast(date_trunc('month', event_date) as date) as month
    from probation_events
    where event_type = 'licence_start' and substance_misuse_need = 'Y'

),

-- "The person has ...": any episode of the linked person, from any provider or area.
engagements as (

    select distinct releases.event_id
    from releases
    inner join episodes
        on
            releases.person_key = episodes.person_key
            and episodes.treatment_start_date
            between releases.release_date and releases.release_date + 21

),

release_outcomes as (

    select
        releases.*,
        engagements.event_id is not null as is_engaged_21d
    from releases
    left join engagements on releases.event_id = engagements.event_id

),

-- Each record counts in its own area and in ALL: counts of records add up across areas.
release_outcomes_by_area as (

    select
        la_code as reported_la_code,
        *
    from release_outcomes

    union all

    select
        'ALL' as reported_la_code,
        *
    from release_outcomes

),

by_area as (

    select
        reported_la_code as la_code,
        month,
        count(*) as releases_with_need,
        count(*) filter (where is_engaged_21d) as engaged_21d
    from release_outcomes_by_area
    group by reported_la_code, month

),

grid as (

    select
        areas.la_code,
        months.month,
        months.month_end + 21 > cutoff.cutoff_date as is_immature,
        coalesce(by_area.releases_with_need, 0) as releases_with_need,
        coalesce(by_area.engaged_21d, 0) as engaged_21d
    from areas
    cross join months
    cross join cutoff
    left join by_area
        on
            areas.la_code = by_area.la_code
            and months.month = by_area.month

),

matured as (

    select
        la_code,
        month,
        releases_with_need,
        case when not is_immature then engaged_21d end as engaged_21d,
        is_immature
    from grid

),

final as (

    select
        la_code,
        month,
        releases_with_need,
        engaged_21d,
        {{ safe_rate('engaged_21d', 'releases_with_need') }} as engaged_21d_rate,
        case when is_immature then 'engaged_21d,engaged_21d_rate' else '' end as immature_columns
    from matured

)

select * from final
