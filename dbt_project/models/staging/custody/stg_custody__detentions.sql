with

source as (

    select * from {{ source('raw', 'custody') }}

),

latest as (

    select * from source
    {{ qualify_latest_version('custody_record_id') }}

),

renamed as (

    select
        ---------- ids
        custody_record_id,
        arrest_id,
        custody_suite_code,
        suite_la_code,
        {{ pseudonymise('pnc_id') }} as pnc_key,

        ---------- person (no name or date of birth)
        sex,
        ethnicity,

        ---------- detention and test
        cast(detained_at as timestamp) as detained_at,
        cast(released_at as timestamp) as released_at,
        test_reason,
        cast(tested_at as timestamp) as tested_at,
        cast(cast(tested_at as timestamp) as date) as test_date,
        cocaine_result,
        opiates_result,
        test_reason <> 'not_tested' as is_tested,
        -- a positive result on a record that is not a test is not a positive test
        coalesce(
            test_reason <> 'not_tested'
            and (cocaine_result = 'positive' or opiates_result = 'positive'),
            false
        ) as is_positive,
        case
            when test_reason = 'not_tested' then null
            when cocaine_result = 'positive' and opiates_result = 'positive' then 'both'
            when cocaine_result = 'positive' then 'cocaine_only'
            when opiates_result = 'positive' then 'opiates_only'
        end as positive_type,

        ---------- required assessment
        ra_required,
        cast(ra_appointment_at as timestamp) as ra_appointment_at,
        ra_provider_code,

        ---------- versioning
        cast(updated_at as timestamp) as updated_at,
        _extract_date

    from latest

)

select * from renamed
