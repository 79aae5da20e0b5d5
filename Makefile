# Everything a fresh machine needs: `make run` serves, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install index run demo test test-fast lint bench bench-large eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps re-run pip only when pyproject.toml changes. torch==2.13.0 (CPU) comes from this
# machine's disk; see README.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

index: install
	$(BIN)/hiring-advisor build-index --if-stale

# Not echoed: serve prints where it listens, then the widget demo's, the console's and the API
# docs' addresses once the model and the index are loaded.
run: index
	@$(BIN)/hiring-advisor serve --host $(HOST) --port $(PORT)

# The same server on a copy of knowledge/ with a made-up company's content laid over it
# (deploy/demo-company: its pay bands, level expectations, voice and pay-transparency rules),
# the way a talent team adds its own files. Its own index, database and conversations, in data/demo.
DEMO ?= data/demo
DEMO_ENV := HIRING_ADVISOR_KNOWLEDGE_DIR=$(DEMO)/knowledge HIRING_ADVISOR_INDEX_DIR=$(DEMO)/index \
	HIRING_ADVISOR_DATABASE_URL=sqlite:///$(DEMO)/demo.db
demo: install
	rm -rf $(DEMO)/knowledge $(DEMO)/demo.db $(DEMO)/demo.db-*
	mkdir -p $(DEMO)
	cp -R knowledge $(DEMO)/knowledge
	cp deploy/demo-company/* $(DEMO)/knowledge/
	$(DEMO_ENV) $(BIN)/hiring-advisor build-index --if-stale
	@$(DEMO_ENV) $(BIN)/hiring-advisor serve --host $(HOST) --port $(PORT)

test: lint
	$(BIN)/python -m pytest

# The unit layer only (tests/unit: no model, no index, no server): seconds.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit -q

# Style, types, and the layers of api/ (import-linter's contracts in pyproject.toml).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check api tests scripts
	$(BIN)/mypy api
	$(BIN)/lint-imports

eval: index
	$(BIN)/hiring-advisor eval --verbose

# Every performance figure against its floor, measured in one run (docs/benchmarks.md).
bench: install
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

bench-large: install
	$(BIN)/python scripts/bench.py --large $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache cache

# For machines with Docker: the image, a load balancer, two replicas, PostgreSQL and Redis
# (compose.yaml; needs POSTGRES_PASSWORD, see README "Deployment"). `make test` checks these files
# and runs the image's steps without Docker (tests/unit/test_docker_files.py,
# tests/system/test_docker_image.py).
.PHONY: docker
docker:
	docker compose up --build --detach
