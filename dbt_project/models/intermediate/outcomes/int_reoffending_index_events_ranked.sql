-- Index events ranked within each cohort, person and calendar quarter of the index date: rank 1
-- is the person's first index event of the quarter (earliest date, ties to the smallest record
-- key; architecture judgement 8), the only one that enters the cohort.

with

index_events as (

    select
        *,
        cast(date_trunc('quarter', index_date) as date) as quarter
    from {{ ref('int_reoffending_index_events_listed') }}

),

ranked as (

    select
        cohort,
        quarter,
        feed,
        record_key,
        person_key,
        index_date,
        la_code,
        row_number() over (
            partition by cohort, person_key, quarter
            order by index_date, record_key
        ) as rank_in_quarter
    from index_events

),

final as (

    select
        *,
        rank_in_quarter = 1 as is_cohort_member
    from ranked

)

select * from final
