-- Successful completions by episode area and quarter of discharge, and those not followed by a
-- re-presentation within 182 days (metrics.md 4, architecture judgements 1, 2, 7 and 9). One row
-- per area (plus ALL) and reporting quarter.

with

areas as (

    select * from {{ ref('int_areas_listed') }}

),

quarters as (

    select * from {{ ref('int_reporting_quarters_listed') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

completions as (

    select * from {{ ref('int_treatment_completions_checked') }}

),

-- Episodes: each counts in its own area and in ALL, so the areas add up to ALL.
completions_by_area as (

    select
        la_code as reported_la_code,
        *
    from completions

    union all

    select
        'ALL' as reported_la_code,
        *
    from completions

),

by_area as (

    select
        reported_la_code as la_code,
        quarter,
        count(*) as successful_completions,
        count(*) filter (where not is_re_presented) as not_re_presented
    from completions_by_area
    group by reported_la_code, quarter

),

grid as (

    select
        areas.la_code,
        quarters.quarter,
        -- the 182-day follow-up of a discharge on the quarter's last day ends after the cut-off
        quarters.quarter_end + 182 > cutoff.cutoff_date as is_immature,
        coalesce(by_area.successful_completions, 0) as successful_completions,
        coalesce(by_area.not_re_presented, 0) as not_re_presented
    from areas
    cross join quarters
    cross join cutoff
    left join by_area
        on
            areas.la_code = by_area.la_code
            and quarters.quarter = by_area.quarter

),

final as (

    select
        cast(la_code as varchar) as la_code,
        cast(quarter as date) as quarter,
        cast(successful_completions as bigint) as successful_completions,
        cast(
            case when not is_immature then not_re_presented end as bigint
        ) as not_re_presented,
        cast(
            case
                when not is_immature and successful_completions > 0
                    then not_re_presented / successful_completions
            end as double
        ) as not_re_presented_rate,
        cast(
            case when is_immature then 'not_re_presented,not_re_presented_rate' else '' end
            as varchar
        ) as immature_columns
    from grid

)

select * from final
order by la_code, quarter
