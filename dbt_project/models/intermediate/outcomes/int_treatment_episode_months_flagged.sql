-- One row per treatment episode and reporting month in which the episode counts towards at least
-- one treatment_activity / treatment_referrals measure, with one flag per measure (metrics.md 3,
-- architecture judgements 1 and 5).

with

episodes as (

    select * from {{ ref('fct_treatment_episodes') }}

),

months as (

    select
        month,
        month_end,
        -- W: from the first day of the month 11 months earlier to the month's end
        cast(month - interval 11 month as date) as window_start
    from {{ ref('int_reporting_months_listed') }}

),

-- The span of months an episode can count in: from its first dated event to W's reach after its
-- last one (open-ended while it is in treatment). least/greatest skip nulls.
episode_spans as (

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
        top_latest_date,
        least(referral_date, treatment_start_date, discharge_date) as first_event_date,
        case
            when treatment_start_date is not null and discharge_date is null
                then date '9999-12-31'
            else greatest(referral_date, treatment_start_date, discharge_date)
        end as last_event_date
    from episodes

),

-- A range join rather than every episode x every month: months outside the span count nothing.
episode_months as (

    select
        months.month,
        months.month_end,
        months.window_start,
        episode_spans.*
    from episode_spans
    inner join months
        on
            episode_spans.first_event_date <= months.month_end
            and episode_spans.last_event_date >= months.window_start

),

conditions as (

    select
        *,
        coalesce(
            treatment_start_date <= month_end
            and (discharge_date is null or discharge_date >= month),
            false
        ) as is_in_treatment,
        -- started on or before month end and not discharged on or before it
        coalesce(
            treatment_start_date <= month_end
            and (discharge_date is null or discharge_date > month_end),
            false
        ) as is_in_treatment_at_month_end,
        -- TOP: latest review in W, and no use or at most half the use at start
        coalesce(
            top_latest_date between window_start and month_end
            and (
                top_days_used_latest = 0
                or (
                    top_days_used_start is not null
                    and 2 * top_days_used_latest <= top_days_used_start
                )
            ),
            false
        ) as has_top_progress_in_window,
        coalesce(
            is_successful_completion and discharge_date between window_start and month_end,
            false
        ) as has_completion_in_window,
        coalesce(referral_date between month and month_end, false) as is_referral_in_month,
        coalesce(discharge_date between month and month_end, false) as is_exit_in_month
    from episode_months

),

flagged as (

    select
        month,
        episode_id,
        person_key,
        la_code,
        referral_source,
        is_in_treatment,
        coalesce(treatment_start_date between month and month_end, false) as is_new_start,
        is_referral_in_month as is_referral,
        is_referral_in_month and coalesce(is_cjs_referral, false) as is_cjs_referral,
        is_exit_in_month as is_exit,
        (
            is_exit_in_month and coalesce(is_successful_completion, false)
        ) as is_successful_completion,
        is_exit_in_month and coalesce(discharge_reason = 'died', false) as is_death_in_treatment,
        is_in_treatment_at_month_end,
        has_top_progress_in_window,
        (
            has_completion_in_window
            or (is_in_treatment_at_month_end and has_top_progress_in_window)
        ) as is_substantial_progress,
        coalesce(
            treatment_start_date <= month_end
            and (discharge_date is null or discharge_date >= window_start),
            false
        ) as is_in_treatment_in_window
    from conditions

)

select * from flagged
where
    is_in_treatment
    or is_new_start
    or is_referral
    or is_exit
    or is_substantial_progress
    or is_in_treatment_in_window
