-- One row: the earliest event date in staging (arrest, detention, referral, probation event), the
-- start of the reporting grid once truncated to a month or quarter.

with

arrests as (

    select min(arrest_date) as first_date from {{ ref('stg_police__arrests') }}

),

detentions as (

    select min(cast(detained_at as date)) as first_date from {{ ref('stg_custody__detentions') }}

),

episodes as (

    select min(referral_date) as first_date from {{ ref('stg_treatment__episodes') }}

),

probation_events as (

    select min(event_date) as first_date from {{ ref('stg_probation__events') }}

),

unioned as (

    select first_date from arrests
    union all
    select first_date from detentions
    union all
    select first_date from episodes
    union all
    select first_date from probation_events

),

period_start as (

    select min(first_date) as first_event_date from unioned

)

select * from period_start
