# The two commands of the README: `make demo` and `make test`. Everything else here serves them.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: demo test setup lint check pytest browser-deps clean

demo: setup
	$(BIN)/nsatu demo

test: setup browser-deps lint pytest

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's chromium (Playwright's own browser download is not reachable here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy nsatu config
	$(BIN)/lint-imports
	NSATU_ENV=test $(PY) manage.py makemigrations --check --dry-run

pytest:
	NSATU_ENV=test $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var
