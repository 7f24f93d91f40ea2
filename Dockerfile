# syntax=docker/dockerfile:1
# Build stage: compile wheels for the app and its dependencies.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip wheel --wheel-dir /wheels .

# Runtime stage: only the wheels, the migrations and an unprivileged user.
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    NEWSDESK_ENV=production \
    NEWSDESK_MEDIA_ROOT=/data/media \
    DATABASE_URL=sqlite:////data/newsdesk.db \
    PORT=8000
RUN useradd --system --uid 10001 --home-dir /srv/newsdesk newsdesk \
    && mkdir -p /data/media /srv/newsdesk && chown -R newsdesk /data
WORKDIR /srv/newsdesk
COPY --from=build /wheels /wheels
# Dependencies only: the app itself runs from /srv/newsdesk, next to alembic.ini and
# migrations/, which it finds relative to its own package.
RUN pip install $(ls /wheels/*.whl | grep -v '/newsdesk-') && rm -rf /wheels
COPY alembic.ini ./
COPY migrations ./migrations
COPY app ./app
ENV PYTHONPATH=/srv/newsdesk
USER newsdesk
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/readyz')"
# Migrate, then serve. NEWSDESK_SECRET_KEY must be provided (production refuses to start without).
CMD ["sh", "-c", "python -m app.cli migrate && exec python -m app.cli serve --host 0.0.0.0 --port ${PORT} --workers ${WORKERS:-2}"]
