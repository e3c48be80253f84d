# Convenience targets; each is one of the scripts in scripts/.
.PHONY: up test bench setup
up:        ## install and run the whole stack with demo data
	scripts/up.sh
test:      ## install and run every test
	scripts/test.sh
setup:     ## install into .venv only
	scripts/setup.sh test
bench:     ## benchmarks (see bench/README.md)
	.venv/bin/python -m claimstream.bench
