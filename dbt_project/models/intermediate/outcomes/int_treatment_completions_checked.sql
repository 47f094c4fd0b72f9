-- One row per successfully completed treatment episode, checked for a re-presentation: another
-- episode of the same linked person (any provider, any area) referred within 182 days of discharge.
with episodes as (

    select
        episode_id,
        person_key,
        la_code,
        referral_date,
        discharge_date,
        discharge_reason,
        is_successful_completion
    from {{ ref('fct_treatment_episodes') }}

),

completions as (

    select *
    from episodes
    where is_successful_completion and discharge_date is not null

),

re_presentations as (

    select
        completions.episode_id,
        count(*) as re_presentations,
        min(other_episodes.referral_date) as first_re_presentation_date
    from completions
    inner join episodes as other_episodes
        on other_episodes.person_key = completions.person_key
        and other_episodes.episode_id <> completions.episode_id
        and other_episodes.referral_date
            between completions.discharge_date and completions.discharge_date + 182
    group by completions.episode_id

)

select
    completions.episode_id,
    completions.person_key,
    completions.la_code,
    completions.discharge_date,
    completions.discharge_reason,
    date_trunc('quarter', completions.discharge_date)::date as quarter,
    coalesce(re_presentations.re_presentations, 0) as re_presentations,
    re_presentations.first_re_presentation_date,
    re_presentations.episode_id is not null as is_re_presented
from completions
left join re_presentations
    on re_presentations.episode_id = completions.episode_id
