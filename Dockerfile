# hiring-advisor: the chat API and widget, ready to answer when the container starts.
#
#   build    installs the package (with CPU-only torch) into /opt/venv, exports the bundled model
#            to ONNX and builds the index, then removes torch: only the export needs it.
#   runtime  the virtualenv, the export, the knowledge and its index; runs as UID 10001 with
#            /app/data (SQLite, the default store) and /app/index (shared by replicas) writable.
#
# tests/unit/test_docker_files.py lints this file and tests/system/test_docker_image.py runs its
# steps without Docker; keep them together.

FROM python:3.11.14-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    HIRING_ADVISOR_KNOWLEDGE_DIR=/app/knowledge \
    HIRING_ADVISOR_INDEX_DIR=/app/index \
    HIRING_ADVISOR_CACHE_DIR=/app/cache \
    HIRING_ADVISOR_DATABASE_URL=sqlite:////app/data/hiring-advisor.db \
    HIRING_ADVISOR_EMBED_BACKEND=onnx-int8
WORKDIR /app


FROM base AS build
# torch first and from the CPU index: a bare "torch" from PyPI is a multi-GB CUDA build. The
# project's own pin (pyproject.toml) is then already satisfied.
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu \
        torch==2.13.0
COPY pyproject.toml README.md ./
COPY api ./api
RUN pip install --no-cache-dir .
COPY knowledge ./knowledge
# build-index exports the model to ONNX (cache/onnx, with torch, in a child process), builds the
# index, runs the publish checks and fills the derived tables (cache/tables). Nothing at run time
# imports torch after that, so it leaves the virtualenv before the runtime stage copies it.
RUN hiring-advisor build-index \
    && pip uninstall --no-cache-dir --yes torch


FROM base AS runtime
LABEL org.opencontainers.image.title="hiring-advisor" \
      org.opencontainers.image.description="Conversational hiring advice (chat API and widget), grounded in its knowledge base" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="LicenseRef-Proprietary" \
      org.opencontainers.image.base.name="docker.io/library/python:3.11.14-slim-bookworm"
# A fixed UID/GID so that volumes and orchestrators (runAsUser) can rely on them.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin app \
    && install --directory --owner=app --group=app /app/data
# The same paths as in the build stage: the virtualenv's scripts name /opt/venv/bin/python, and
# the export records the model it came from (its files' sizes and times), so it stays valid.
# Only the index and the knowledge (a working copy of the revisions in the database, which
# a server syncs before it builds) are the app's to write; the rest stays root's, read-only.
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/cache /app/cache
COPY --from=build --chown=10001:10001 /app/knowledge /app/knowledge
COPY --from=build --chown=10001:10001 /app/index /app/index
USER 10001:10001
# Fails the image build, not the first start, if the runtime stage cannot load the model export
# and the index without torch, as the app user, with the cache read-only.
RUN hiring-advisor ask "What does a senior AI engineer earn?" > /dev/null
VOLUME ["/app/data", "/app/index"]
EXPOSE 8000
# slim has no curl; urlopen raises (exit 1) on a refused connection and on 503 (not ready yet).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
CMD ["hiring-advisor", "serve", "--host", "0.0.0.0", "--port", "8000"]
