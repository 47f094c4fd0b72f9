{#-
    Keyed hash of a source person identifier (pnc_id, crn, client_ref).

    sha256(key || '|' || value), first 32 hex characters (128 bits): stable from night to night for
    the same key, not reversible without the key, and null when the value is null (a missing id must
    never become a shared hash that links strangers). The key is the dbt var pseudonym_key, from env
    CONTINUUM_PSEUDONYM_KEY. Note: the key appears in compiled SQL under the dbt target path.
-#}
{% macro pseudonymise(expr) -%}
    {%- set key = var('pseudonym_key') | string -%}
    case
        when {{ expr }} is null then null
        else left(sha256('{{ key | replace("'", "''") }}' || '|' || trim({{ expr }})), 32)
    end
{%- endmacro %}
