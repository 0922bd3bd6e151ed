#!/usr/bin/env bash
# Makes a pinned opa available and prints its path. Rampart uses opa only to compile Gatekeeper ConstraintTemplates'
# Rego to WebAssembly (evaluated in-process); the tests and CI need it, users only when a template is not yet in the
# compiled-bundle cache. opa is built from its Go module once per machine and cached outside the repo.
set -euo pipefail
OPA_VERSION="${RAMPART_TEST_OPA_VERSION:-v1.22.4}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/rampart-tools/opa-${OPA_VERSION}"
OPA_BIN="$CACHE_DIR/opa"

if [ ! -x "$OPA_BIN" ]; then
  if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
    export PATH="$PATH:/usr/local/go/bin"
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "install-opa: Go is needed to build opa ${OPA_VERSION} for the tests; install Go or set RAMPART_OPA" >&2
    exit 1
  fi
  mkdir -p "$CACHE_DIR"
  echo "install-opa: building opa ${OPA_VERSION} into ${CACHE_DIR} (once per machine)" >&2
  # Build into a temporary GOBIN and move at the end so an interrupted build never leaves a half-written binary behind.
  TMP_BIN="$(mktemp -d "$CACHE_DIR/.build.XXXXXX")"
  trap 'rm -rf "$TMP_BIN"' EXIT
  GOBIN="$TMP_BIN" GOFLAGS="-mod=mod -buildvcs=false" go install "github.com/open-policy-agent/opa@${OPA_VERSION}" >&2
  mv "$TMP_BIN/opa" "$OPA_BIN"
fi
echo "$OPA_BIN"
