-- Treatment activity per area and month (metrics.md section 3, architecture judgement 5).
with areas as (

    select la_code from {{ ref('int_areas_listed') }}

),

months as (

    select month from {{ ref('int_reporting_months_listed') }}

),

episode_months as (

    select * from {{ ref('int_treatment_episode_months_flagged') }}

),

aggregated as (

    -- per area, and over all areas ('ALL') where a person is counted once
    select
        case when grouping(episode_months.la_code) = 1 then 'ALL' else episode_months.la_code end
            as area_code,
        episode_months.month,
        count(distinct person_key) filter (where is_in_treatment) as in_treatment,
        count(distinct person_key) filter (where is_new_start) as new_starts,
        count(*) filter (where is_referral) as referrals,
        count(*) filter (where is_cjs_referral) as cjs_referrals,
        count(*) filter (where is_exit) as exits,
        count(*) filter (where is_successful_completion) as successful_completions,
        count(*) filter (where is_death_in_treatment) as deaths_in_treatment,
        count(distinct person_key) filter (where is_substantial_progress) as substantial_progress,
        count(distinct person_key) filter (where is_in_treatment_in_window)
            as in_treatment_in_window
    from episode_months
    group by grouping sets ((episode_months.la_code, episode_months.month), (episode_months.month))

),

grid as (

    select
        areas.la_code,
        months.month,
        coalesce(aggregated.in_treatment, 0) as in_treatment,
        coalesce(aggregated.new_starts, 0) as new_starts,
        coalesce(aggregated.referrals, 0) as referrals,
        coalesce(aggregated.cjs_referrals, 0) as cjs_referrals,
        coalesce(aggregated.exits, 0) as exits,
        coalesce(aggregated.successful_completions, 0) as successful_completions,
        coalesce(aggregated.deaths_in_treatment, 0) as deaths_in_treatment,
        coalesce(aggregated.substantial_progress, 0) as substantial_progress,
        coalesce(aggregated.in_treatment_in_window, 0) as in_treatment_in_window
    from areas
    cross join months
    left join aggregated
        on aggregated.area_code = areas.la_code
        and aggregated.month = months.month

)

select
    la_code::varchar as la_code,
    month::date as month,
    in_treatment::bigint as in_treatment,
    new_starts::bigint as new_starts,
    referrals::bigint as referrals,
    cjs_referrals::bigint as cjs_referrals,
    case when referrals > 0 then cjs_referrals / referrals end::double as cjs_referral_share,
    exits::bigint as exits,
    successful_completions::bigint as successful_completions,
    case when exits > 0 then successful_completions / exits end::double
        as successful_completion_rate,
    deaths_in_treatment::bigint as deaths_in_treatment,
    substantial_progress::bigint as substantial_progress,
    case when in_treatment_in_window > 0 then substantial_progress / in_treatment_in_window end::double
        as substantial_progress_rate,
    -- no treatment_activity measure has a follow-up window (judgement 5)
    ''::varchar as immature_columns
from grid
order by la_code, month
