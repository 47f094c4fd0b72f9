{#- Use the folder's schema name as is (staging, core, outcomes), not target_schema + '_' + name:
    analysts read `outcomes.dtoa_funnel`, not `main_outcomes.dtoa_funnel`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
