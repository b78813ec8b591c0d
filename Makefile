# The two commands a newcomer needs (see README.md).
.PHONY: demo test install install-test lint bench

demo: install
	.venv/bin/briefing generate examples/nato-ukraine.txt

test: install-test
	.venv/bin/ruff check briefing tests bench
	.venv/bin/mypy
	.venv/bin/pytest -q -rs

install:
	scripts/install.sh

install-test:
	scripts/install.sh test
	scripts/install-test-deps.sh

lint:
	.venv/bin/ruff check briefing tests bench
	.venv/bin/mypy

bench:
	.venv/bin/python bench/run.py
