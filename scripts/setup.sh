#!/usr/bin/env bash
# Create .venv (Python 3.11) and install claimstream with its pinned dependencies.
# Usage: scripts/setup.sh [extra]   e.g. scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."

extra="${1:-}"
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      py="$candidate"; break
    fi
  done
fi
if [ -z "$py" ]; then
  echo "claimstream needs Python 3.11 (set PYTHON=/path/to/python3.11)" >&2
  exit 2
fi

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv with $("$py" --version)"
  "$py" -m venv .venv
fi
spec="."
[ -n "$extra" ] && spec=".[$extra]"
echo "installing claimstream${extra:+ [$extra]} into .venv (pinned dependencies) ..."
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
# setuptools reports the editable finder on stderr even with --quiet; keep the log, show it only on failure.
mkdir -p .claimstream/logs
if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec" >.claimstream/logs/install.log 2>&1; then
  cat .claimstream/logs/install.log >&2
  exit 1
fi
echo "installed: $(.venv/bin/claimstream --help >/dev/null && echo 'claimstream CLI ok')"
