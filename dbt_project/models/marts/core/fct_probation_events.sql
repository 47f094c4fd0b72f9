with

probation_events as (

    select * from {{ ref('stg_probation__events') }}

),

person_events as (

    select * from {{ ref('int_person_events_unioned') }}
    where feed = 'probation'

),

final as (

    select
        probation_events.event_id,
        person_events.person_key,
        probation_events.* exclude (event_id, crn_key, pnc_key)  -- noqa: RF02
    from probation_events
    left join person_events on probation_events.event_id = person_events.record_key

)

select * from final
