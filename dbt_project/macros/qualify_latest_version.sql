{#-
    Keep the latest delivered version of each record of a raw feed (docs/architecture.md):
    highest updated_at; ties by later _extract_date, then later _load_id, then higher _row_number.
    Raw is append-only and files may arrive late or be replayed, so arrival order means nothing.
    Use after `from <raw relation>` in a select.
-#}
{% macro qualify_latest_version(key_column) -%}
    qualify row_number() over (
        partition by {{ key_column }}
        order by
            cast(updated_at as timestamp) desc,
            _extract_date desc,
            _load_id desc,
            _row_number desc
    ) = 1
{%- endmacro %}
