-- Every latest record of the four feeds with its linked person, event date and area: the
-- person_key lookup for the core facts and the basis of dim_people.

with

person_records as (

    select * from {{ source('linkage', 'person_records') }}

),

arrests as (

    select * from {{ ref('stg_police__arrests') }}

),

detentions as (

    select * from {{ ref('stg_custody__detentions') }}

),

episodes as (

    select * from {{ ref('stg_treatment__episodes') }}

),

probation_events as (

    select * from {{ ref('stg_probation__events') }}

),

events as (

    select
        'police' as feed,
        arrest_id as record_key,
        arrest_date as event_date,
        arrest_la_code as la_code
    from arrests

    union all

    select
        'custody' as feed,
        custody_record_id as record_key,
        cast(detained_at as date) as event_date,
        suite_la_code as la_code
    from detentions

    union all

    select
        'treatment' as feed,
        episode_id as record_key,
        referral_date as event_date,
        la_code
    from episodes

    union all

    select
        'probation' as feed,
        event_id as record_key,
        event_date,
        la_code
    from probation_events

),

keyed as (

    select
        events.feed,
        events.record_key,
        person_records.person_key,
        events.event_date,
        events.la_code
    from events
    left join person_records
        on
            events.feed = person_records.feed
            and events.record_key = person_records.record_key

)

select * from keyed
