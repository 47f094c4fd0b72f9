{#- Whole calendar days from start_date to end_date (null if either is null). -#}
{% macro days_between(start_date, end_date) -%}
    datediff('day', {{ start_date }}, {{ end_date }})
{%- endmacro %}
