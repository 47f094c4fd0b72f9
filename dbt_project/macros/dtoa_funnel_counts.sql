{#- The dtoa_funnel count columns over rows of test outcomes (one row per custody record). -#}
{% macro dtoa_funnel_counts() -%}
    count(*) filter (where is_tested) as tests,
        count(*) filter (where is_positive) as positive,
        count(*) filter (where positive_type = 'cocaine_only') as positive_cocaine_only,
        count(*) filter (where positive_type = 'opiates_only') as positive_opiates_only,
        count(*) filter (where positive_type = 'both') as positive_both,
        count(*) filter (where is_ra_required) as ra_required,
        count(*) filter (where is_ra_attended) as ra_attended,
        count(*) filter (where is_treatment_started) as treatment_started
{%- endmacro %}
