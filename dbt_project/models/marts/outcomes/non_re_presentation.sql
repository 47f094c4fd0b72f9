-- Successful completions per area and quarter of discharge, and those not followed by a
-- re-presentation within 182 days (metrics.md section 4, architecture judgement 7).
with areas as (

    select la_code from {{ ref('int_areas_listed') }}

),

quarters as (

    select quarter, quarter_end from {{ ref('int_reporting_quarters_listed') }}

),

cutoff as (

    select cutoff_date from {{ ref('int_cutoff_dates_computed') }}

),

completions as (

    select * from {{ ref('int_treatment_completions_checked') }}

),

aggregated as (

    -- episodes, not people: the ALL row is the sum of the areas
    select
        case when grouping(completions.la_code) = 1 then 'ALL' else completions.la_code end
            as area_code,
        completions.quarter,
        count(*) as successful_completions,
        count(*) filter (where not is_re_presented) as not_re_presented
    from completions
    group by grouping sets ((completions.la_code, completions.quarter), (completions.quarter))

),

grid as (

    select
        areas.la_code,
        quarters.quarter,
        -- the 182-day follow-up of a discharge on the quarter's last day ends after the cut-off
        quarters.quarter_end + 182 > cutoff.cutoff_date as is_immature,
        coalesce(aggregated.successful_completions, 0) as successful_completions,
        coalesce(aggregated.not_re_presented, 0) as not_re_presented
    from areas
    cross join quarters
    cross join cutoff
    left join aggregated
        on aggregated.area_code = areas.la_code
        and aggregated.quarter = quarters.quarter

)

select
    la_code::varchar as la_code,
    quarter::date as quarter,
    successful_completions::bigint as successful_completions,
    case when not is_immature then not_re_presented end::bigint as not_re_presented,
    case
        when not is_immature and successful_completions > 0
            then not_re_presented / successful_completions
    end::double as not_re_presented_rate,
    case
        when is_immature then 'not_re_presented,not_re_presented_rate' else ''
    end::varchar as immature_columns
from grid
order by la_code, quarter
