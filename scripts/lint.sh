#!/usr/bin/env bash
# Lint the tree: ruff rules, ruff format check, mypy (configuration in pyproject.toml). Needs scripts/setup.sh test.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m mypy
