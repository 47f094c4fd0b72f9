-- Every calendar month from the month of the period start to the last month that ends on or
-- before the cut-off date. Empty when there is no data or no cut-off.

with

period_start as (

    select * from {{ ref('int_period_starts_computed') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

months as (

    select
        cast(month_series.month_start as date) as month,
        cutoff.cutoff_date
    from period_start
    cross join cutoff
    cross join lateral generate_series(
        cast(date_trunc('month', period_start.first_event_date) as timestamp),
        cast(cutoff.cutoff_date as timestamp),
        interval 1 month
    ) as month_series (month_start)

),

listed as (

    select
        month,
        cast(month + interval 1 month - interval 1 day as date) as month_end
    from months
    where cast(month + interval 1 month - interval 1 day as date) <= cutoff_date

)

select * from listed
