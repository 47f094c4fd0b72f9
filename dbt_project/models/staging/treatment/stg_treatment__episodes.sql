with

source as (

    select * from {{ source('raw', 'treatment') }}

),

latest as (

    select * from source
    {{ qualify_latest_version('episode_id') }}

),

renamed as (

    select
        ---------- ids
        episode_id,
        provider_code,
        {{ pseudonymise("provider_code || ':' || client_ref") }} as client_key,

        ---------- person (no initials or date of birth)
        sex,
        ethnicity,
        la_code,
        postcode_district,

        ---------- referral
        custody_record_id,
        referral_source,
        referral_source in (
            'required_assessment', 'arrest_referral', 'liaison_diversion',
            'out_of_court_disposal', 'probation', 'drr', 'prison'
        ) as is_cjs_referral,
        cast(referral_date as date) as referral_date,

        ---------- episode
        cast(assessment_date as date) as assessment_date,
        cast(treatment_start_date as date) as treatment_start_date,
        primary_substance,
        cast(discharge_date as date) as discharge_date,
        discharge_reason,
        coalesce(
            discharge_reason in ('completed_drug_free', 'completed_occasional_user'), false
        ) as is_successful_completion,

        ---------- treatment outcomes profile
        cast(top_days_used_start as integer) as top_days_used_start,
        cast(top_days_used_latest as integer) as top_days_used_latest,
        cast(top_latest_date as date) as top_latest_date,

        ---------- versioning
        cast(updated_at as timestamp) as updated_at,
        _extract_date

    from latest

)

select * from renamed
