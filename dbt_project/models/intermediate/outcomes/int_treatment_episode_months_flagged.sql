-- One row per treatment episode and reporting month in which the episode counts towards at least one
-- treatment_activity / treatment_referrals measure, with one boolean per measure.
with episodes as (

    select
        episode_id,
        person_key,
        la_code,
        referral_source,
        is_cjs_referral,
        referral_date,
        treatment_start_date,
        discharge_date,
        discharge_reason,
        is_successful_completion,
        top_days_used_start,
        top_days_used_latest,
        top_latest_date
    from {{ ref('fct_treatment_episodes') }}

),

months as (

    select
        month,
        month_end,
        -- W: from the first day of the month 11 months earlier to the month's end
        (month - interval 11 month)::date as window_start
    from {{ ref('int_reporting_months_listed') }}

),

episode_months as (

    select
        months.month,
        months.month_end,
        months.window_start,
        episodes.*,
        -- TOP progress: latest review in W, and no use or at most half the use at start
        coalesce(
            episodes.top_latest_date between months.window_start and months.month_end
            and (
                episodes.top_days_used_latest = 0
                or (
                    episodes.top_days_used_start is not null
                    and 2 * episodes.top_days_used_latest <= episodes.top_days_used_start
                )
            ),
            false
        ) as has_top_progress_in_window,
        coalesce(
            episodes.treatment_start_date <= months.month_end
            and (episodes.discharge_date is null or episodes.discharge_date > months.month_end),
            false
        ) as is_in_treatment_at_month_end
    from episodes
    cross join months

),

flagged as (

    select
        month,
        episode_id,
        person_key,
        la_code,
        referral_source,
        coalesce(
            treatment_start_date <= month_end
            and (discharge_date is null or discharge_date >= month),
            false
        ) as is_in_treatment,
        coalesce(treatment_start_date between month and month_end, false) as is_new_start,
        coalesce(referral_date between month and month_end, false) as is_referral,
        coalesce(referral_date between month and month_end and is_cjs_referral, false)
            as is_cjs_referral,
        coalesce(discharge_date between month and month_end, false) as is_exit,
        coalesce(discharge_date between month and month_end and is_successful_completion, false)
            as is_successful_completion,
        coalesce(discharge_date between month and month_end and discharge_reason = 'died', false)
            as is_death_in_treatment,
        is_in_treatment_at_month_end,
        has_top_progress_in_window,
        coalesce(
            (is_successful_completion and discharge_date between window_start and month_end)
            or (is_in_treatment_at_month_end and has_top_progress_in_window),
            false
        ) as is_substantial_progress,
        coalesce(
            treatment_start_date <= month_end
            and (discharge_date is null or discharge_date >= window_start),
            false
        ) as is_in_treatment_in_window
    from episode_months

)

select *
from flagged
where
    is_in_treatment
    or is_new_start
    or is_referral
    or is_exit
    or is_substantial_progress
    or is_in_treatment_in_window
