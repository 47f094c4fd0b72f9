-- Every calendar quarter from the quarter of the period start to the last quarter that ends on or
-- before the cut-off date. Empty when there is no data or no cut-off.

with

period_start as (

    select * from {{ ref('int_period_starts_computed') }}

),

cutoff as (

    select * from {{ ref('int_cutoff_dates_computed') }}

),

quarters as (

    select
        cast(quarter_series.quarter_start as date) as quarter,
        cutoff.cutoff_date
    from period_start
    cross join cutoff
    cross join lateral generate_series(
        cast(date_trunc('quarter', period_start.first_event_date) as timestamp),
        cast(cutoff.cutoff_date as timestamp),
        interval 3 month
    ) as quarter_series (quarter_start)

),

listed as (

    select
        quarter,
        cast(quarter + interval 3 month - interval 1 day as date) as quarter_end
    from quarters
    where cast(quarter + interval 3 month - interval 1 day as date) <= cutoff_date

)

select * from listed
