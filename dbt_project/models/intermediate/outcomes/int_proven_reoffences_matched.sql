-- One row per cohort member (first index event of a person in a cohort and quarter) and proven
-- reoffence: a police record of the same linked person with I < offence_date <= I + 365, a proven
-- disposal, and disposal_date <= I + 547.
with cohort_members as (

    select
        cohort,
        quarter,
        record_key,
        person_key,
        index_date,
        la_code
    from {{ ref('int_reoffending_index_events_ranked') }}
    where is_cohort_member

),

arrests as (

    select
        arrest_id,
        person_key,
        offence_date,
        disposal,
        disposal_date
    from {{ ref('fct_arrests') }}
    where is_proven_disposal

),

matched as (

    select
        cohort_members.cohort,
        cohort_members.quarter,
        cohort_members.record_key,
        cohort_members.person_key,
        cohort_members.index_date,
        cohort_members.la_code,
        arrests.arrest_id,
        arrests.offence_date,
        arrests.disposal,
        arrests.disposal_date,
        arrests.offence_date - cohort_members.index_date as days_to_offence,
        arrests.disposal_date - cohort_members.index_date as days_to_disposal
    from cohort_members
    inner join arrests
        on arrests.person_key = cohort_members.person_key
        -- strictly after I: the index police record itself never counts (judgement 8)
        and arrests.offence_date > cohort_members.index_date
        and arrests.offence_date <= cohort_members.index_date + 365
        and arrests.disposal_date <= cohort_members.index_date + 547

)

select * from matched
