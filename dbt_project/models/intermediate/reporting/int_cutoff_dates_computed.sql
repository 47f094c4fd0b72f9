-- One row: the cut-off date, the earliest over the four feeds of each feed's latest loaded extract.
-- Null when any feed has no loaded file yet (then no period is published).

with

file_loads as (

    select * from {{ source('ingest', 'file_loads') }}

),

feeds as (

    select unnest(['police', 'custody', 'treatment', 'probation']) as feed

),

latest_extracts as (

    select
        feed,
        max(cast(extract_date as date)) as latest_extract_date
    from file_loads
    where status = 'loaded'
    group by feed

),

cutoff as (

    select
        case
            when count(latest_extracts.latest_extract_date) = count(*)
                then min(latest_extracts.latest_extract_date)
        end as cutoff_date
    from feeds
    left join latest_extracts on feeds.feed = latest_extracts.feed

)

select * from cutoff
