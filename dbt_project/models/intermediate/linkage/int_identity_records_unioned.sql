-- The only dbt model that carries names and dates of birth: Splink's input. It reads raw directly
-- (latest version of each record, as staging does) so that identity columns never enter staging.

with

police as (

    select * from {{ source('raw', 'police') }}
    {{ qualify_latest_version('arrest_id') }}

),

custody as (

    select * from {{ source('raw', 'custody') }}
    {{ qualify_latest_version('custody_record_id') }}

),

treatment as (

    select * from {{ source('raw', 'treatment') }}
    {{ qualify_latest_version('episode_id') }}

),

probation as (

    select * from {{ source('raw', 'probation') }}
    {{ qualify_latest_version('event_id') }}

),

police_identities as (

    select
        'police' as feed,
        arrest_id as record_key,
        surname,
        forenames,
        {{ first_forename('forenames') }} as first_forename,
        {{ name_initials('forenames', 'surname') }} as initials,
        cast(date_of_birth as date) as date_of_birth,
        sex,
        coalesce(home_la_code, arrest_la_code) as la_code,
        {{ outward_code('postcode') }} as postcode_district,
        pnc_id,
        cast(null as varchar) as source_person_ref,
        cast(null as varchar) as linked_arrest_id,
        cast(null as varchar) as linked_custody_record_id,
        cast(cast(arrest_at as timestamp) as date) as event_date,
        case
            when disposal in (
                    'caution', 'diversionary_caution', 'community_caution', 'community_resolution'
                ) then 'out_of_court:'
            else 'arrest:'
        end || coalesce(home_la_code, arrest_la_code) as handover_key
    from police

),

custody_identities as (

    select
        'custody' as feed,
        custody_record_id as record_key,
        surname,
        forenames,
        {{ first_forename('forenames') }} as first_forename,
        {{ name_initials('forenames', 'surname') }} as initials,
        cast(date_of_birth as date) as date_of_birth,
        sex,
        suite_la_code as la_code,
        cast(null as varchar) as postcode_district,
        pnc_id,
        cast(null as varchar) as source_person_ref,
        arrest_id as linked_arrest_id,
        cast(null as varchar) as linked_custody_record_id,
        cast(cast(detained_at as timestamp) as date) as event_date,
        case
            when ra_required = 'Y' and ra_provider_code is not null
                then 'required_assessment:' || ra_provider_code
        end as handover_key
    from custody

),

treatment_identities as (

    select
        'treatment' as feed,
        episode_id as record_key,
        cast(null as varchar) as surname,
        cast(null as varchar) as forenames,
        cast(null as varchar) as first_forename,
        upper(trim(initials)) as initials,
        cast(date_of_birth as date) as date_of_birth,
        sex,
        la_code,
        upper(trim(postcode_district)) as postcode_district,
        cast(null as varchar) as pnc_id,
        provider_code || ':' || client_ref as source_person_ref,
        cast(null as varchar) as linked_arrest_id,
        custody_record_id as linked_custody_record_id,
        cast(referral_date as date) as event_date,
        case
            when referral_source = 'required_assessment'
                then 'required_assessment:' || provider_code
            when referral_source = 'prison' then 'prison_release:' || la_code
            when referral_source in (
                    'arrest_referral',
                    'liaison_diversion',
                    'out_of_court_disposal',
                    'drr',
                    'probation'
                ) then referral_source || ':' || la_code
        end as handover_key
    from treatment

),

probation_identities as (

    select
        'probation' as feed,
        event_id as record_key,
        surname,
        forenames,
        {{ first_forename('forenames') }} as first_forename,
        {{ name_initials('forenames', 'surname') }} as initials,
        cast(date_of_birth as date) as date_of_birth,
        sex,
        la_code,
        cast(null as varchar) as postcode_district,
        pnc_id,
        crn as source_person_ref,
        cast(null as varchar) as linked_arrest_id,
        cast(null as varchar) as linked_custody_record_id,
        cast(event_date as date) as event_date,
        case
            when event_type = 'licence_start' and substance_misuse_need = 'Y'
                then 'prison_release:' || la_code
            when event_type in ('community_order_start', 'suspended_sentence_start')
                and drug_requirement = 'drr'
                then 'drr_order:' || la_code
            when event_type in ('community_order_start', 'suspended_sentence_start')
                and substance_misuse_need = 'Y'
                then 'order_with_need:' || la_code
        end as handover_key
    from probation

),

unioned as (

    select * from police_identities
    union all
    select * from custody_identities
    union all
    select * from treatment_identities
    union all
    select * from probation_identities

)

select * from unioned
