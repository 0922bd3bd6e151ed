#!/usr/bin/env bash
# Makes a pinned cosign available for the image-trust tests (signing images in a local registry) and prints its path.
# cosign is built from its Go module once per machine (several minutes on 2 cores) and cached outside the repo;
# Rampart itself never needs Go or cosign: it verifies signatures with node:crypto.
set -euo pipefail
COSIGN_VERSION="${RAMPART_TEST_COSIGN_VERSION:-v2.6.5}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/rampart-tools/cosign-${COSIGN_VERSION}"
COSIGN_BIN="$CACHE_DIR/cosign"

if [ ! -x "$COSIGN_BIN" ]; then
  if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
    export PATH="$PATH:/usr/local/go/bin"
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "install-cosign: Go is needed to build cosign ${COSIGN_VERSION} for the tests; install Go or set RAMPART_COSIGN" >&2
    exit 1
  fi
  mkdir -p "$CACHE_DIR"
  echo "install-cosign: building cosign ${COSIGN_VERSION} into ${CACHE_DIR} (once per machine)" >&2
  # Build into a temporary GOBIN and move at the end so an interrupted build never leaves a half-written binary behind.
  TMP_BIN="$(mktemp -d "$CACHE_DIR/.build.XXXXXX")"
  trap 'rm -rf "$TMP_BIN"' EXIT
  GOBIN="$TMP_BIN" GOFLAGS="-mod=mod -buildvcs=false" go install "github.com/sigstore/cosign/v2/cmd/cosign@${COSIGN_VERSION}" >&2
  mv "$TMP_BIN/cosign" "$COSIGN_BIN"
fi
echo "$COSIGN_BIN"
