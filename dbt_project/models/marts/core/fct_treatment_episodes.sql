with

episodes as (

    select * from {{ ref('stg_treatment__episodes') }}

),

person_events as (

    select * from {{ ref('int_person_events_unioned') }}
    where feed = 'treatment'

),

final as (

    select
        episodes.episode_id,
        person_events.person_key,
        episodes.* exclude (episode_id, client_key)  -- noqa: RF02
    from episodes
    left join person_events on episodes.episode_id = person_events.record_key

)

select * from final
