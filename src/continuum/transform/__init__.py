"""Running the dbt project against a home's warehouse."""
