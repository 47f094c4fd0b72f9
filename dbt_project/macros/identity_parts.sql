{#- Outward code of a UK postcode ('E8 1AA' -> 'E8', 'e81aa' -> 'E8'): all but the last three
    characters once spaces are removed; null for null or implausibly short values. -#}
{% macro outward_code(postcode) -%}
    case
        when length(replace({{ postcode }}, ' ', '')) >= 5
            then upper(left(
                replace({{ postcode }}, ' ', ''),
                length(replace({{ postcode }}, ' ', '')) - 3
            ))
    end
{%- endmacro %}

{#- First word of a forenames field ('John Paul' -> 'John'). -#}
{% macro first_forename(forenames) -%}
    nullif(split_part(trim({{ forenames }}), ' ', 1), '')
{%- endmacro %}

{#- Initials as treatment providers record them: first letter of the first forename and of the
    surname, upper case ('John Paul', 'smith' -> 'JS'). -#}
{% macro name_initials(forenames, surname) -%}
    upper(left(trim({{ forenames }}), 1) || left(trim({{ surname }}), 1))
{%- endmacro %}
