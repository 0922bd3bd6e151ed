#!/usr/bin/env bash
# Makes a pinned MinIO server available and prints its path. MinIO is a test peer only: the backup tests write to a
# real S3 server that enforces Object Lock (retention, legal hold) on 127.0.0.1, never to a mock. It is built from its
# Go module once per machine and cached outside the repo; Rampart itself never runs it.
set -euo pipefail
# MinIO publishes no semver tags; the module proxy serves it by pseudo-version (a commit of 2026-02-12).
MINIO_VERSION="${RAMPART_TEST_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/rampart-tools/minio-${MINIO_VERSION}"
MINIO_BIN="$CACHE_DIR/minio"

if [ ! -x "$MINIO_BIN" ]; then
  if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
    export PATH="$PATH:/usr/local/go/bin"
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "install-minio: Go is needed to build MinIO ${MINIO_VERSION} for the tests; install Go or set RAMPART_MINIO" >&2
    exit 1
  fi
  mkdir -p "$CACHE_DIR"
  echo "install-minio: building MinIO ${MINIO_VERSION} into ${CACHE_DIR} (once per machine)" >&2
  # Build into a temporary GOBIN and move at the end so an interrupted build never leaves a half-written binary behind.
  TMP_BIN="$(mktemp -d "$CACHE_DIR/.build.XXXXXX")"
  trap 'rm -rf "$TMP_BIN"' EXIT
  GOBIN="$TMP_BIN" GOFLAGS="-mod=mod -buildvcs=false" go install "github.com/minio/minio@${MINIO_VERSION}" >&2
  mv "$TMP_BIN/minio" "$MINIO_BIN"
fi
echo "$MINIO_BIN"
