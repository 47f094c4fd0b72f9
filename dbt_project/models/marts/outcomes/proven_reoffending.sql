-- Proven reoffending per area, quarter of the index date and cohort (metrics.md section 5,
-- architecture judgement 8).
with areas as (

    select la_code from {{ ref('int_areas_listed') }}

),

quarters as (

    select quarter, quarter_end from {{ ref('int_reporting_quarters_listed') }}

),

cohorts as (

    select cohort_order, cohort from {{ ref('int_reoffending_cohorts_listed') }}

),

cutoff as (

    select cutoff_date from {{ ref('int_cutoff_dates_computed') }}

),

cohort_members as (

    select cohort, quarter, record_key, la_code
    from {{ ref('int_reoffending_index_events_ranked') }}
    where is_cohort_member

),

reoffences as (

    select cohort, record_key, count(*) as reoffences
    from {{ ref('int_proven_reoffences_matched') }}
    group by cohort, record_key

),

members_followed_up as (

    select
        cohort_members.cohort,
        cohort_members.quarter,
        cohort_members.la_code,
        coalesce(reoffences.reoffences, 0) as reoffences
    from cohort_members
    left join reoffences
        on reoffences.cohort = cohort_members.cohort
        and reoffences.record_key = cohort_members.record_key

),

aggregated as (

    -- one member per person, cohort and quarter, so the ALL row is also the sum of the areas
    select
        case when grouping(members_followed_up.la_code) = 1 then 'ALL'
            else members_followed_up.la_code end as area_code,
        members_followed_up.quarter,
        members_followed_up.cohort,
        count(*) as cohort_size,
        count(*) filter (where reoffences > 0) as reoffenders,
        sum(reoffences) as reoffences
    from members_followed_up
    group by grouping sets (
        (members_followed_up.la_code, members_followed_up.quarter, members_followed_up.cohort),
        (members_followed_up.quarter, members_followed_up.cohort)
    )

),

grid as (

    select
        areas.la_code,
        quarters.quarter,
        cohorts.cohort_order,
        cohorts.cohort,
        -- offences up to 365 days after I, disposed of up to 547 days after I
        quarters.quarter_end + 547 > cutoff.cutoff_date as is_immature,
        coalesce(aggregated.cohort_size, 0) as cohort_size,
        coalesce(aggregated.reoffenders, 0) as reoffenders,
        coalesce(aggregated.reoffences, 0) as reoffences
    from areas
    cross join quarters
    cross join cohorts
    cross join cutoff
    left join aggregated
        on aggregated.area_code = areas.la_code
        and aggregated.quarter = quarters.quarter
        and aggregated.cohort = cohorts.cohort

)

select
    la_code::varchar as la_code,
    quarter::date as quarter,
    cohort::varchar as cohort,
    cohort_size::bigint as cohort_size,
    case when not is_immature then reoffenders end::bigint as reoffenders,
    case when not is_immature then reoffences end::bigint as reoffences,
    case when not is_immature and cohort_size > 0 then reoffenders / cohort_size end::double
        as reoffending_rate,
    case when not is_immature and cohort_size > 0 then reoffences / cohort_size end::double
        as reoffending_frequency,
    case
        when is_immature then 'reoffenders,reoffences,reoffending_rate,reoffending_frequency'
        else ''
    end::varchar as immature_columns
from grid
order by la_code, quarter, cohort_order
