{#- Generic test: the model has at most one row (a single-row lookup that fanned out fails; an
    empty relation, as under `dbt build --empty`, passes). -#}
{% test at_most_one_row(model) %}

select n_rows
from (select count(*) as n_rows from {{ model }}) as counted
where n_rows > 1

{% endtest %}
