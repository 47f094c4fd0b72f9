# Continuum on the official Airflow image. The Airflow version and Python version must match
# requirements.lock (tests/test_docker_compose.py checks it).
FROM apache/airflow:3.3.2-python3.11

USER airflow
WORKDIR /opt/continuum
COPY --chown=airflow:root requirements.lock pyproject.toml README.md ./
COPY --chown=airflow:root src ./src
# Install the lock on top of the image (not `sync`: the image's own Postgres provider and driver stay).
RUN pip install --no-cache-dir uv==0.13.9 \
 && uv pip install --no-cache --python "$(which python)" -r requirements.lock \
 && uv pip install --no-cache --python "$(which python)" --no-deps -e .
COPY --chown=airflow:root dags ./dags
COPY --chown=airflow:root dbt_project ./dbt_project
COPY --chown=airflow:root expectations ./expectations
COPY --chown=airflow:root linkage ./linkage
