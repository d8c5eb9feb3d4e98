# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     ?= data/cop.duckdb

export GX_ANALYTICS_ENABLED := false
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false

.PHONY: run test setup db lint clean benchmark screenshots

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The sample database is built through the real pipeline, never copied in.
db: $(STAMP)
	$(BIN)/copdash load sample_data --db $(DB)

run: db
	$(BIN)/streamlit run dashboard/app.py --server.address 127.0.0.1 --server.port 8501

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

# Refresh the README's page pictures (the browser test, saving into docs/screenshots):
# every page at 1280 px (<page>.png) and at 390 px, a phone (<page>_phone.png); the Live
# logger while recording at 1280, 1024 and 390 px (logger_recording_<width>.png).
screenshots: $(STAMP)
	COPDASH_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/dashboard/test_browser.py -k reads_right
	COPDASH_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/dashboard/test_browser_logger.py -k fits

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes 100k,1M

clean:
	rm -rf $(VENV) data/*.duckdb data/*.duckdb.wal .pytest_cache
