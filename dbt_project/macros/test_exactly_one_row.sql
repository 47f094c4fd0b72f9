{#- Generic test: the model has exactly one row (fails with the actual row count otherwise). -#}
{% test exactly_one_row(model) %}

select n_rows
from (select count(*) as n_rows from {{ model }}) as counted
where n_rows <> 1

{% endtest %}
