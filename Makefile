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

# Debian packages some tests need, installed when we are root with apt (CI, containers);
# elsewhere those tests say why they skip:
#   chromium + fonts-noto-cjk: the chart test opens the report page in headless Chromium (CJK labels)
#   tesseract-ocr + tesseract-ocr-chi-sim: OCR of scanned reports and page scans
#   poppler-utils: pdftoppm renders a scanned PDF's pages for OCR
#   catdoc + antiword: DOC and WPS reports
#   fonts-noto-cjk also sets the farm's page scans in Noto Serif CJK
TEST_DEBS = chromium fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim poppler-utils catdoc antiword
test-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim || missing="$$missing tesseract-ocr tesseract-ocr-chi-sim"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v catdoc >/dev/null 2>&1 || missing="$$missing catdoc"; \
	command -v antiword >/dev/null 2>&1 || missing="$$missing antiword"; \
	[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing$$missing for the tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEBS) >/dev/null; \
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
