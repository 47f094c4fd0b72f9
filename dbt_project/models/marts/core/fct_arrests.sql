with

arrests as (

    select * from {{ ref('stg_police__arrests') }}

),

person_events as (

    select * from {{ ref('int_person_events_unioned') }}
    where feed = 'police'

),

final as (

    select
        arrests.arrest_id,
        person_events.person_key,
        arrests.* exclude (arrest_id, pnc_key)  -- noqa: RF02
    from arrests
    left join person_events on arrests.arrest_id = person_events.record_key

)

select * from final
