-- The end of each order or licence: order_end events matched by order_ref to the start they name.
-- Several ends for one start keep the earliest (then latest recorded): an order ends once, and a
-- later end for the same order is a duplicate entry. An end whose order_ref matches no start is
-- left out here and stays visible in fct_probation_events.

with

probation_events as (

    select * from {{ ref('stg_probation__events') }}

),

starts as (

    select event_id
    from probation_events
    where event_type in ('community_order_start', 'suspended_sentence_start', 'licence_start')

),

ends as (

    select
        order_ref,
        event_id as end_event_id,
        event_date as end_date,
        termination_reason,
        row_number() over (
            partition by order_ref
            order by event_date asc, updated_at desc, event_id asc
        ) as end_rank,
        count(*) over (partition by order_ref) as ends_recorded
    from probation_events
    where event_type = 'order_end' and order_ref is not null

),

final as (

    select
        ends.order_ref as start_event_id,
        ends.end_event_id,
        ends.end_date,
        ends.termination_reason,
        ends.ends_recorded
    from ends
    inner join starts on ends.order_ref = starts.event_id
    where ends.end_rank = 1

)

select * from final
