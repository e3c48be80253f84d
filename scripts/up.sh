#!/usr/bin/env bash
# Quick start, command 1: install, then run the whole stack on this machine with the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/claimstream up --demo "$@"
