# Two commands on a fresh machine with Python 3.11+: `make run`, `make test`.
# Everything else (uv, the virtualenv, PostgreSQL) is installed on first use,
# into this folder, without root.

PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: run demo test lint bench clean

run: .venv/.synced
	$(UV) run --locked --no-sync subsignal serve

demo: .venv/.synced
	$(UV) run --locked --no-sync subsignal serve --demo

test: .venv/.synced
	$(UV) run --locked --no-sync pytest

lint: .venv/.synced
	$(UV) run --locked --no-sync ruff check src tests benchmarks migrations
	$(UV) run --locked --no-sync ruff format --check src tests benchmarks migrations
	$(UV) run --locked --no-sync mypy

bench: .venv/.synced
	$(UV) run --locked --no-sync python benchmarks/collect.py
	$(UV) run --locked --no-sync python benchmarks/search.py
	$(UV) run --locked --no-sync python benchmarks/themes_quality.py

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "subsignal needs Python 3.11 or newer as $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

clean:
	rm -rf $(TOOLS) .venv .subsignal/test-pg
