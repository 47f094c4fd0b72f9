-- One row per community order or suspended sentence, with how and when it ended. The drr_start
-- cohort of proven reoffending and the DRR completion rates an analyst asks about both start here.

with

probation_events as (

    select * from {{ ref('fct_probation_events') }}

),

order_ends as (

    select * from {{ ref('int_order_ends_matched') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

final as (

    select
        probation_events.event_id as order_id,
        probation_events.person_key,
        probation_events.la_code,
        replace(probation_events.event_type, '_start', '') as order_type,
        probation_events.event_date as start_date,
        probation_events.drug_requirement,
        probation_events.substance_misuse_need,
        order_ends.end_date,
        order_ends.termination_reason,
        coalesce(order_ends.ends_recorded, 0) as ends_recorded,
        probation_events.drug_requirement = 'drr' as is_drr,
        coalesce(order_ends.termination_reason = 'completed', false) as is_completed,
        coalesce(order_ends.termination_reason like 'revoked%', false) as is_revoked,
        order_ends.end_date - probation_events.event_date as days_on_order,
        order_ends.end_date is null or order_ends.end_date > cutoff.cutoff_date as is_open_at_cutoff
    from probation_events
    cross join cutoff
    left join order_ends on probation_events.event_id = order_ends.start_event_id
    where probation_events.event_type in ('community_order_start', 'suspended_sentence_start')

)

select * from final
