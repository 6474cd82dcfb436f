# The fazhi image docker-compose.yml builds: the locked dependencies, then the package.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY pyproject.toml README.md ./
COPY fazhi fazhi
COPY tasks tasks
COPY flows flows
COPY warehouse warehouse
COPY seeds seeds
RUN pip install --no-cache-dir --no-deps -e .
