-- The five proven-reoffending cohorts in published order: the cohort axis of proven_reoffending's grid.
with cohorts as (

    select *
    from (
        values
            (1, 'positive_test'),
            (2, 'cjs_treatment_start'),
            (3, 'licence_release'),
            (4, 'drr_start'),
            (5, 'out_of_court')
    ) as codes (cohort_order, cohort)

)

select
    cohort_order::integer as cohort_order,
    cohort::varchar as cohort
from cohorts
