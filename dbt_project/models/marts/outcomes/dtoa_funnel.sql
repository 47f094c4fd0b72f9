-- Drug testing on arrest funnel by custody suite area and month of test (metrics.md 1,
-- architecture judgements 1, 2, 3 and 9). One row per area (plus ALL) and reporting month.

with

drug_tests as (

    select * from {{ ref('fct_drug_tests') }}

),

episodes as (

    select * from {{ ref('fct_treatment_episodes') }}

),

areas as (

    select * from {{ ref('int_areas_listed') }}

),

months as (

    select * from {{ ref('int_reporting_months_listed') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

tests as (

    select
        custody_record_id,
        person_key,
        suite_la_code as la_code,
        test_date,
        cast(date_trunc('month', test_date) as date) as month,
        is_tested,
        is_positive,
        positive_type,
        is_positive and ra_required = 'Y' as is_ra_required
    from drug_tests
    where test_date is not null

),

-- "The person has ...": any episode of the linked person, from any provider or area.
follow_ups as (

    select
        tests.custody_record_id,
        bool_or(
            episodes.assessment_date between tests.test_date and tests.test_date + 28
        ) as has_ra_attended,
        bool_or(
            episodes.treatment_start_date between tests.test_date and tests.test_date + 90
        ) as has_treatment_started
    from tests
    inner join episodes on tests.person_key = episodes.person_key
    where tests.is_ra_required
    group by tests.custody_record_id

),

test_outcomes as (

    select
        tests.*,
        coalesce(follow_ups.has_ra_attended, false) as is_ra_attended,
        coalesce(follow_ups.has_treatment_started, false) as is_treatment_started
    from tests
    left join follow_ups on tests.custody_record_id = follow_ups.custody_record_id

),

-- Each record counts in its own area and in ALL: counts of records add up across areas.
test_outcomes_by_area as (

    select
        la_code as reported_la_code,
        *
    from test_outcomes

    union all

    select
        'ALL' as reported_la_code,
        *
    from test_outcomes

),

by_area as (

    select
        reported_la_code as la_code,
        month,
        count(*) filter (where is_tested) as tests,
        count(*) filter (where is_positive) as positive,
        count(*) filter (where positive_type = 'cocaine_only') as positive_cocaine_only,
        count(*) filter (where positive_type = 'opiates_only') as positive_opiates_only,
        count(*) filter (where positive_type = 'both') as positive_both,
        count(*) filter (where is_ra_required) as ra_required,
        count(*) filter (where is_ra_attended) as ra_attended,
        count(*) filter (where is_treatment_started) as treatment_started
    from test_outcomes_by_area
    group by reported_la_code, month

),

grid as (

    select
        areas.la_code,
        months.month,
        months.month_end + 28 > cutoff.cutoff_date as is_ra_attended_immature,
        months.month_end + 90 > cutoff.cutoff_date as is_treatment_started_immature,
        coalesce(by_area.tests, 0) as tests,
        coalesce(by_area.positive, 0) as positive,
        coalesce(by_area.positive_cocaine_only, 0) as positive_cocaine_only,
        coalesce(by_area.positive_opiates_only, 0) as positive_opiates_only,
        coalesce(by_area.positive_both, 0) as positive_both,
        coalesce(by_area.ra_required, 0) as ra_required,
        coalesce(by_area.ra_attended, 0) as ra_attended,
        coalesce(by_area.treatment_started, 0) as treatment_started
    from areas
    cross join months
    cross join cutoff
    left join by_area
        on
            areas.la_code = by_area.la_code
            and months.month = by_area.month

),

matured as (

    select
        la_code,
        month,
        tests,
        positive,
        positive_cocaine_only,
        positive_opiates_only,
        positive_both,
        ra_required,
        case when not is_ra_attended_immature then ra_attended end as ra_attended,
        case when not is_treatment_started_immature then treatment_started end as treatment_started,
        is_ra_attended_immature,
        is_treatment_started_immature
    from grid

),

final as (

    select
        la_code,
        month,
        tests,
        positive,
        positive_cocaine_only,
        positive_opiates_only,
        positive_both,
        ra_required,
        ra_attended,
        treatment_started,
        {{ safe_rate('positive', 'tests') }} as positive_rate,
        {{ safe_rate('ra_attended', 'ra_required') }} as ra_attended_rate,
        {{ safe_rate('treatment_started', 'ra_required') }} as treatment_started_rate,
        concat_ws(
            ',',
            case when is_ra_attended_immature then 'ra_attended' end,
            case when is_treatment_started_immature then 'treatment_started' end,
            case when is_ra_attended_immature then 'ra_attended_rate' end,
            case when is_treatment_started_immature then 'treatment_started_rate' end
        ) as immature_columns
    from matured

)

select * from final
