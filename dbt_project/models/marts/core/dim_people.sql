with

person_events as (

    select * from {{ ref('int_person_events_unioned') }}

),

people as (

    select
        person_key,
        count(*) filter (where feed = 'police') as arrests,
        count(*) filter (where feed = 'custody') as detentions,
        count(*) filter (where feed = 'treatment') as treatment_episodes,
        count(*) filter (where feed = 'probation') as probation_events,
        count(*) as records,
        min(event_date) as first_seen_date,
        max(event_date) as last_seen_date
    from person_events
    where person_key is not null
    group by person_key

)

select * from people
