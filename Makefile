# fazhi — two commands for a fresh machine with Python 3.11:
#   make run    install, then ingest the seeds and crawl the bundled offline mirror into data/fazhi.duckdb
#   make test   install, then the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: install run test test-deps serve server lock clean

$(BIN)/fazhi: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(BIN)/fazhi

install: $(BIN)/fazhi

run: install
	$(BIN)/fazhi demo

# The chart test opens the report page in Debian's headless Chromium (Chinese labels need a
# CJK font), and discovery renders lists built by script in it (tests/test_browser.py).
# Installed when we are root with apt (CI, containers); elsewhere those tests say why they skip.
test-deps:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and fonts-noto-cjk for the chart test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test: install test-deps
	$(BIN)/python -m pytest

# A Prefect server with its UI (http://127.0.0.1:4200), and our deployments served against it.
server: install
	$(BIN)/prefect server start

serve: install
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} $(BIN)/fazhi serve

# Re-resolve the lock after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/fazhi-lock && $(PYTHON) -m venv /tmp/fazhi-lock
	/tmp/fazhi-lock/bin/pip install --quiet --upgrade pip
	/tmp/fazhi-lock/bin/pip install --quiet -e ".[test]"
	{ echo "# Exact versions for a fresh machine (Python 3.11). Regenerate: make lock"; \
	  /tmp/fazhi-lock/bin/pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf $(VENV) data
