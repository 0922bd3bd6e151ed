#!/usr/bin/env bash
# Makes a pinned Helm available for the chart-rendering tests and prints its path.
# Helm is built from its Go module once per machine (about 2 minutes) and cached outside the repo;
# Rampart itself never needs Go: users bring their own helm.
set -euo pipefail
HELM_VERSION="${RAMPART_TEST_HELM_VERSION:-v3.21.4}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/rampart-tools/helm-${HELM_VERSION}"
HELM_BIN="$CACHE_DIR/helm"

if [ ! -x "$HELM_BIN" ]; then
  if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
    export PATH="$PATH:/usr/local/go/bin"
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "install-helm: Go is needed to build helm ${HELM_VERSION} for the tests; install Go or set RAMPART_HELM" >&2
    exit 1
  fi
  mkdir -p "$CACHE_DIR"
  echo "install-helm: building helm ${HELM_VERSION} into ${CACHE_DIR} (once per machine)" >&2
  GOBIN="$CACHE_DIR" GOFLAGS=-mod=mod go install "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}" >&2
fi
echo "$HELM_BIN"
