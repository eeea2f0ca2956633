.PHONY: run test demo serve messages bench lint fmt

# Set up, load the demo organisation and serve at http://127.0.0.1:8000
run:
	scripts/run.sh

# Set up and run every check and the whole test suite (SQLite and PostgreSQL)
test:
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy kasudesk tests bench scripts && .venv/bin/lint-imports

fmt:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

# Extract and compile the catalogs of every app (translate the .po files in between)
messages:
	for app in $$(ls -d kasudesk/*/ | grep -v -E 'judgment|screening|formats|__pycache__'); do \
	  mkdir -p $$app/locale; \
	  (cd $$app && PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=tests.settings $(CURDIR)/.venv/bin/python -m django makemessages -l ja --no-location --no-obsolete && PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=tests.settings $(CURDIR)/.venv/bin/python -m django compilemessages -l ja); \
	done

bench:
	scripts/setup.sh bench
	.venv/bin/python bench/assess.py
	.venv/bin/python bench/screen_speed.py
	.venv/bin/python bench/screen_eval.py
