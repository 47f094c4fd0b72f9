-- Every local authority seen in loaded data, plus 'ALL': the area axis of every outcome grid.

with

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

seen as (

    select home_la_code as la_code from arrests
    union
    select arrest_la_code from arrests
    union
    select suite_la_code from detentions
    union
    select la_code from episodes
    union
    select la_code from probation_events
    union
    select 'ALL'

),

listed as (

    select la_code
    from seen
    where la_code is not null

)

select * from listed
