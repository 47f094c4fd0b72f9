-- Referrals into treatment by episode area, month and referral source (metrics.md 3, architecture
-- judgement 6). One row per area (plus ALL), reporting month and contract referral source.

with

areas as (

    select * from {{ ref('int_areas_listed') }}

),

months as (

    select * from {{ ref('int_reporting_months_listed') }}

),

referral_sources as (

    select * from {{ ref('int_referral_sources_listed') }}

),

referrals as (

    select
        month,
        la_code,
        referral_source
    from {{ ref('int_treatment_episode_months_flagged') }}
    where is_referral

),

-- Episodes: each counts in its own area and in ALL, so the areas add up to ALL.
referrals_by_area as (

    select
        la_code as reported_la_code,
        *
    from referrals

    union all

    select
        'ALL' as reported_la_code,
        *
    from referrals

),

by_area as (

    select
        reported_la_code as la_code,
        month,
        referral_source,
        count(*) as referrals
    from referrals_by_area
    group by reported_la_code, month, referral_source

),

grid as (

    select
        areas.la_code,
        months.month,
        referral_sources.source_order,
        referral_sources.referral_source,
        coalesce(by_area.referrals, 0) as referrals
    from areas
    cross join months
    cross join referral_sources
    left join by_area
        on
            areas.la_code = by_area.la_code
            and months.month = by_area.month
            and referral_sources.referral_source = by_area.referral_source

),

final as (

    select
        cast(la_code as varchar) as la_code,
        cast(month as date) as month,
        cast(referral_source as varchar) as referral_source,
        cast(referrals as bigint) as referrals,
        cast('' as varchar) as immature_columns,
        source_order
    from grid

)

select * exclude (source_order) from final
order by la_code, month, source_order
