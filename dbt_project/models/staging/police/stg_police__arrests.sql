with

source as (

    select * from {{ source('raw', 'police') }}

),

latest as (

    select * from source
    {{ qualify_latest_version('arrest_id') }}

),

renamed as (

    select
        ---------- ids
        arrest_id,
        force_code,
        {{ pseudonymise('pnc_id') }} as pnc_key,

        ---------- person (no name, date of birth or postcode)
        sex,
        ethnicity,
        home_la_code,

        ---------- arrest
        cast(arrest_at as timestamp) as arrest_at,
        cast(cast(arrest_at as timestamp) as date) as arrest_date,
        arrest_la_code,
        cast(offence_date as date) as offence_date,
        offence_group,

        ---------- disposal
        disposal,
        cast(disposal_date as date) as disposal_date,
        disposal in (
            'convicted', 'caution', 'diversionary_caution', 'community_caution'
        ) as is_proven_disposal,

        ---------- versioning
        cast(updated_at as timestamp) as updated_at,
        _extract_date

    from latest

)

select * from renamed
