with

detentions as (

    select * from {{ ref('stg_custody__detentions') }}

),

person_events as (

    select * from {{ ref('int_person_events_unioned') }}
    where feed = 'custody'

),

final as (

    select
        detentions.custody_record_id,
        person_events.person_key,
        detentions.* exclude (custody_record_id, pnc_key)  -- noqa: RF02
    from detentions
    left join person_events on detentions.custody_record_id = person_events.record_key

)

select * from final
