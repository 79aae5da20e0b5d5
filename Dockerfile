# Minimal image for now; the deployment issue will harden it.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
RUN pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
    && pip install --no-cache-dir .
COPY knowledge ./knowledge
# Builds the index and makes the ONNX export of the model (cache/), so a container starts ready.
RUN hiring-advisor build-index
EXPOSE 8000
CMD ["hiring-advisor", "serve", "--host", "0.0.0.0", "--port", "8000"]
