-- Proven reoffending by area, quarter of the index date and cohort (metrics.md 5, architecture
-- judgements 1, 2, 8 and 9). One row per area (plus ALL), reporting quarter and cohort.

with

areas as (

    select * from {{ ref('int_areas_listed') }}

),

quarters as (

    select * from {{ ref('int_reporting_quarters_listed') }}

),

cohorts as (

    select * from {{ ref('int_reoffending_cohorts_listed') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

index_events as (

    select * from {{ ref('int_reoffending_index_events_ranked') }}

),

reoffences as (

    select * from {{ ref('int_proven_reoffences_matched') }}

),

reoffences_by_member as (

    select
        cohort,
        record_key,
        count(*) as reoffences
    from reoffences
    group by cohort, record_key

),

-- A person enters a cohort once per quarter, through their first index event of the quarter.
cohort_members as (

    select
        index_events.cohort,
        index_events.quarter,
        index_events.la_code,
        coalesce(reoffences_by_member.reoffences, 0) as reoffences
    from index_events
    left join reoffences_by_member
        on
            index_events.cohort = reoffences_by_member.cohort
            and index_events.record_key = reoffences_by_member.record_key
    where index_events.is_cohort_member

),

-- One member per person, cohort and quarter, in one area: the areas add up to ALL.
cohort_members_by_area as (

    select
        la_code as reported_la_code,
        *
    from cohort_members

    union all

    select
        'ALL' as reported_la_code,
        *
    from cohort_members

),

by_area as (

    select
        reported_la_code as la_code,
        quarter,
        cohort,
        count(*) as cohort_size,
        count(*) filter (where reoffences > 0) as reoffenders,
        sum(reoffences) as reoffences
    from cohort_members_by_area
    group by reported_la_code, quarter, cohort

),

grid as (

    select
        areas.la_code,
        quarters.quarter,
        cohorts.cohort_order,
        cohorts.cohort,
        -- offences up to 365 days after I count if disposed of up to 547 days after I
        quarters.quarter_end + 547 > cutoff.cutoff_date as is_immature,
        coalesce(by_area.cohort_size, 0) as cohort_size,
        coalesce(by_area.reoffenders, 0) as reoffenders,
        coalesce(by_area.reoffences, 0) as reoffences
    from areas
    cross join quarters
    cross join cohorts
    cross join cutoff
    left join by_area
        on
            areas.la_code = by_area.la_code
            and quarters.quarter = by_area.quarter
            and cohorts.cohort = by_area.cohort

),

final as (

    select
        cast(la_code as varchar) as la_code,
        cast(quarter as date) as quarter,
        cast(cohort as varchar) as cohort,
        cast(cohort_size as bigint) as cohort_size,
        cast(case when not is_immature then reoffenders end as bigint) as reoffenders,
        cast(case when not is_immature then reoffences end as bigint) as reoffences,
        cast(
            case
                when not is_immature and cohort_size > 0 then reoffenders / cohort_size
            end as double
        ) as reoffending_rate,
        cast(
            case
                when not is_immature and cohort_size > 0 then reoffences / cohort_size
            end as double
        ) as reoffending_frequency,
        cast(
            case
                when is_immature
                    then 'reoffenders,reoffences,reoffending_rate,reoffending_frequency'
                else ''
            end as varchar
        ) as immature_columns,
        cohort_order
    from grid

)

select * exclude (cohort_order) from final
order by la_code, quarter, cohort_order
