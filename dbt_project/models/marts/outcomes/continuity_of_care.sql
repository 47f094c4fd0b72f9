-- Continuity of care by licence area and month of release (metrics.md 2, architecture
-- judgements 1, 2, 4 and 9). One row per area (plus ALL) and reporting month.

with

fct_releases as (

    select * from {{ ref('fct_releases') }}

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

-- engaged: a treatment start of the same person (any provider or area) within 21 days,
-- as fct_releases decides it.
release_outcomes as (

    select
        release_id as event_id,
        person_key,
        la_code,
        release_date,
        cast(date_trunc('month', release_date) as date) as month,
        is_engaged_21d
    from fct_releases
    where has_need

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
