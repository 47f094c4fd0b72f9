-- Referrals into treatment per area, month and referral source (metrics.md section 3, judgement 6).
with areas as (

    select la_code from {{ ref('int_areas_listed') }}

),

months as (

    select month from {{ ref('int_reporting_months_listed') }}

),

referral_sources as (

    select source_order, referral_source from {{ ref('int_referral_sources_listed') }}

),

referrals as (

    select month, la_code, referral_source
    from {{ ref('int_treatment_episode_months_flagged') }}
    where is_referral

),

aggregated as (

    select
        case when grouping(referrals.la_code) = 1 then 'ALL' else referrals.la_code end as area_code,
        referrals.month,
        referrals.referral_source,
        count(*) as referrals
    from referrals
    group by grouping sets (
        (referrals.la_code, referrals.month, referrals.referral_source),
        (referrals.month, referrals.referral_source)
    )

),

grid as (

    select
        areas.la_code,
        months.month,
        referral_sources.source_order,
        referral_sources.referral_source,
        coalesce(aggregated.referrals, 0) as referrals
    from areas
    cross join months
    cross join referral_sources
    left join aggregated
        on aggregated.area_code = areas.la_code
        and aggregated.month = months.month
        and aggregated.referral_source = referral_sources.referral_source

)

select
    la_code::varchar as la_code,
    month::date as month,
    referral_source::varchar as referral_source,
    referrals::bigint as referrals,
    ''::varchar as immature_columns
from grid
order by la_code, month, source_order
