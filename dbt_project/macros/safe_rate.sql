{#- numerator / denominator as DOUBLE; null when the denominator is 0 or null, or the numerator is
    null (immature) -- architecture judgement 9. -#}
{% macro safe_rate(numerator, denominator) -%}
    cast({{ numerator }} as double) / nullif({{ denominator }}, 0)
{%- endmacro %}
