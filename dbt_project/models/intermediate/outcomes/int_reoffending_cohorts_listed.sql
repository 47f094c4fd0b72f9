-- The five proven-reoffending cohorts in published order: the cohort axis of
-- proven_reoffending's grid (architecture judgement 8).

with

cohorts as (

    select
        cast(codes.cohort_order as integer) as cohort_order,
        cast(codes.cohort as varchar) as cohort
    from (
        values
        (1, 'positive_test'),
        (2, 'cjs_treatment_start'),
        (3, 'licence_release'),
        (4, 'drr_start'),
        (5, 'out_of_court')
    ) as codes (cohort_order, cohort)

)

select * from cohorts
