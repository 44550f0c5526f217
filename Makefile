# The two commands of the README: `make demo` and `make test`. Everything else here serves them.
VENV ?= .venv
# The suite runs on every core; `make pytest PYTEST_ARGS=tests/pledges` runs a part of it in one process.
PYTEST_ARGS ?= -n auto
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: demo test setup lint check pytest browser-deps messages fonts clean

demo: setup messages fonts
	$(BIN)/nsatu demo

test: setup browser-deps messages fonts lint pytest

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

# The Ukrainian catalogues compiled for Django (msgfmt comes with Debian's gettext).
messages:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "the translations need Debian's gettext: sudo apt-get install gettext" >&2; exit 1; fi; }
	$(PY) scripts/messages.py compile

# The briefing PDF is set in DejaVu Sans, which has the Cyrillic letters (Debian's fonts-dejavu-core).
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	  else echo "the briefing PDF needs Debian's fonts-dejavu-core: sudo apt-get install fonts-dejavu-core" >&2; exit 1; fi; }

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy nsatu config
	$(BIN)/lint-imports
	NSATU_ENV=test $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/messages.py check

pytest:
	NSATU_ENV=test $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var
