# copdash: the dashboard served by `copdash serve` (docs/deploy.md).
FROM python:3.11-slim

# Pango and a font for the printable report (WeasyPrint); nothing else from Debian.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GX_ANALYTICS_ENABLED=false \
    COPDASH_DB=/data/cop.duckdb

WORKDIR /app
COPY . /app
# A plain install (a wheel): it carries the contracts, the sample data, docs/metrics.md and
# copdash.toml in pipelines/_shipped (setup.py), so the code runs from site-packages.
# /app stays the working directory: the secrets file is mounted in /app/.streamlit.
RUN pip install -c constraints.txt /app

# A non-root user owns the data volume; the code in /app stays root's (read-only to it).
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin copdash \
    && mkdir -p /data \
    && chown copdash:copdash /data
USER copdash

# The database, roles.toml, the audit trail (cop.duckdb.audit.sqlite) and logger/ journals.
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

# 0.0.0.0 is refused without sign-in: mount the secrets file holding the [auth] table at
# /app/.streamlit/secrets.toml (`-v ./secrets.toml:/app/.streamlit/secrets.toml:ro`).
CMD ["copdash", "serve", "--db", "/data/cop.duckdb", "--address", "0.0.0.0", "--port", "8501"]
