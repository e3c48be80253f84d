# Convenience targets; each is one of the scripts in scripts/.
.PHONY: up test lint bench setup
up:        ## install and run the whole stack with demo data
	scripts/up.sh
test:      ## install, lint and run every test
	scripts/test.sh
lint:      ## ruff check, ruff format --check and mypy (config in pyproject.toml); needs `make setup`
	scripts/lint.sh
setup:     ## install into .venv only
	scripts/setup.sh test
bench:     ## pipeline benchmark on the embedded stack (docs/benchmark.md); pass options as ARGS="--articles 40 --quick"
	scripts/setup.sh bench
	.venv/bin/python -m claimstream.bench $(ARGS)
