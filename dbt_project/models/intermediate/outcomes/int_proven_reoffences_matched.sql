-- One row per cohort member (first index event of a person in a cohort and quarter) and proven
-- reoffence: a police record of the same linked person with I < offence_date <= I + 365, a proven
-- disposal, and disposal_date <= I + 547 (metrics.md 5, architecture judgements 1, 2 and 8).

with

index_events as (

    select * from {{ ref('int_reoffending_index_events_ranked') }}

),

arrests as (

    select * from {{ ref('fct_arrests') }}

),

cohort_members as (

    select
        cohort,
        quarter,
        record_key,
        person_key,
        index_date,
        la_code
    from index_events
    where is_cohort_member

),

proven_arrests as (

    select
        arrest_id,
        person_key,
        offence_date,
        disposal,
        disposal_date
    from arrests
    where is_proven_disposal

),

-- The offence must be strictly after I: the index police record itself never counts.
matched as (

    select
        cohort_members.*,
        proven_arrests.arrest_id,
        proven_arrests.offence_date,
        proven_arrests.disposal,
        proven_arrests.disposal_date,
        proven_arrests.offence_date - cohort_members.index_date as days_to_offence,
        proven_arrests.disposal_date - cohort_members.index_date as days_to_disposal
    from cohort_members
    inner join proven_arrests
        on
            cohort_members.person_key = proven_arrests.person_key
            and cohort_members.index_date < proven_arrests.offence_date
            and cohort_members.index_date + 365 >= proven_arrests.offence_date
            and cohort_members.index_date + 547 >= proven_arrests.disposal_date

)

select * from matched
