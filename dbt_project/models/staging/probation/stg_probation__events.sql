with

source as (

    select * from {{ source('raw', 'probation') }}

),

latest as (

    select * from source
    {{ qualify_latest_version('event_id') }}

),

renamed as (

    select
        ---------- ids
        event_id,
        {{ pseudonymise('crn') }} as crn_key,
        {{ pseudonymise('pnc_id') }} as pnc_key,

        ---------- person (no name or date of birth)
        sex,
        ethnicity,
        la_code,

        ---------- event
        event_type,
        cast(event_date as date) as event_date,
        prison_code,
        drug_requirement,
        substance_misuse_need,
        termination_reason,
        order_ref,

        ---------- versioning
        cast(updated_at as timestamp) as updated_at,
        _extract_date

    from latest

)

select * from renamed
