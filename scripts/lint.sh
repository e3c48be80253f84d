#!/usr/bin/env bash
# Lint the tree: ruff rules, ruff format check, mypy (configuration in pyproject.toml). Needs scripts/setup.sh test.
# Runs all three and fails at the end if any failed, so one run shows every finding.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
.venv/bin/ruff check . || status=1
.venv/bin/ruff format --check . || status=1
.venv/bin/python -m mypy || status=1
exit $status
