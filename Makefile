# Convenience targets; each is one of the scripts in scripts/.
.PHONY: up test bench setup
up:        ## install and run the whole stack with demo data
	scripts/up.sh
test:      ## install and run every test
	scripts/test.sh
setup:     ## install into .venv only
	scripts/setup.sh test
bench:     ## pipeline benchmark on the embedded stack (docs/benchmark.md); pass options as ARGS="--articles 40 --quick"
	scripts/setup.sh bench
	.venv/bin/python -m claimstream.bench $(ARGS)
