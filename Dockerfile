# One image for the three services; docker-compose.yml picks the service with `command:`
# (python -m claimstream.services.<ingest|extract|index>.main).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    CLAIMSTREAM_HOST=0.0.0.0

RUN groupadd --system --gid 10001 claimstream \
    && useradd --system --uid 10001 --gid claimstream --home-dir /app --shell /usr/sbin/nologin claimstream

WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall spaCy and friends.
COPY pyproject.toml /app/pyproject.toml
RUN python -c "import subprocess, sys, tomllib; \
deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; \
subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--no-cache-dir', *deps])"

COPY --chown=claimstream:claimstream . /app

# Editable, so the code that runs is the code in /app (the index templates are package data either way:
# services/index/templates, linked from deploy/elasticsearch).
RUN pip install --no-cache-dir -e .

USER claimstream

EXPOSE 8001 8002 8003

# No HEALTHCHECK here: each service listens on its own port, so docker-compose.yml defines one per service.
CMD ["python", "-m", "claimstream.services.ingest.main"]
