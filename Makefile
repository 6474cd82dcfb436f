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

# Debian packages the tests use, installed when we are root with apt (CI, containers);
# elsewhere each test says why it skips:
#   chromium + fonts-noto-cjk: the chart test, lists rendered by script (tests/test_browser.py),
#     and the farm's page scans set in Noto Serif CJK
#   tesseract-ocr + tesseract-ocr-chi-sim: OCR of scanned reports and page scans
#   poppler-utils: pdftoppm renders a scanned PDF's pages for OCR
#   catdoc + antiword: DOC and WPS reports
#   docker-compose: docker-compose.yml is validated by Debian's docker-compose
TEST_DEBS = chromium fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim poppler-utils catdoc antiword docker-compose
test-deps:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing$$missing for the tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
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
