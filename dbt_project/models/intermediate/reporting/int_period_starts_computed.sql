-- One row: the first date on which every feed has events -- the latest of the four feeds'
-- earliest event dates (arrest, detention, referral, probation event). A history extract can
-- carry cases opened years before the other systems' data begins (open treatment episodes, live
-- orders); a period before all four feeds begin would count one system alone. Mirrors the cut-off
-- (the earliest of the feeds' latest extracts). Truncated to a month or quarter it starts the
-- reporting grid.

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

    select max(first_date) as first_event_date from unioned

)

select * from period_start
