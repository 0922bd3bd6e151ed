#!/usr/bin/env bash
# Builds the pinned kube-apiserver for the cluster tests (test/helpers/kube-env.ts) and prints its path.
# There is no kube-apiserver package to install, so it is built from the k8s.io/kubernetes Go module pinned in
# scripts/testenv/go.mod, once per machine, into a cache outside the repo. etcd comes from Debian (etcd-server).
set -euo pipefail
cd "$(dirname "$0")/testenv"

K8S_VERSION="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' go.mod)"
if [ -z "$K8S_VERSION" ]; then
  echo "testenv-setup: cannot read the k8s.io/kubernetes version from scripts/testenv/go.mod" >&2
  exit 1
fi
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/rampart-testenv/${K8S_VERSION}"
APISERVER_BIN="$CACHE_DIR/kube-apiserver"

if [ -x "$APISERVER_BIN" ]; then
  echo "testenv-setup: kube-apiserver ${K8S_VERSION} already built at ${APISERVER_BIN}" >&2
else
  if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
    export PATH="$PATH:/usr/local/go/bin"
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "testenv-setup: Go (1.26 or newer) is needed to build kube-apiserver ${K8S_VERSION}; install it and rerun" >&2
    exit 1
  fi
  mkdir -p "$CACHE_DIR"
  # Stamped into the binary so /version reports the pinned release rather than a placeholder.
  IFS=. read -r major minor _ <<<"${K8S_VERSION#v}"
  started=$SECONDS
  echo "testenv-setup: downloading modules for kube-apiserver ${K8S_VERSION}" >&2
  if ! go mod download; then
    echo "testenv-setup: 'go mod download' failed in scripts/testenv (is the Go module proxy reachable?)" >&2
    exit 1
  fi
  echo "testenv-setup: modules ready after $((SECONDS - started)) s; building (takes several minutes on 2 cores)" >&2
  # Build into a temp name and rename, so an interrupted build never leaves a binary that looks complete.
  partial="$APISERVER_BIN.partial.$$"
  trap 'rm -f "$partial"' EXIT
  if ! CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags="-s -w \
      -X k8s.io/component-base/version.gitVersion=${K8S_VERSION} \
      -X k8s.io/component-base/version.gitMajor=${major} -X k8s.io/component-base/version.gitMinor=${minor} \
      -X k8s.io/component-base/version.gitTreeState=clean" \
      -o "$partial" k8s.io/kubernetes/cmd/kube-apiserver; then
    echo "testenv-setup: building kube-apiserver ${K8S_VERSION} failed (see the Go errors above)" >&2
    exit 1
  fi
  mv "$partial" "$APISERVER_BIN"
  echo "testenv-setup: built kube-apiserver ${K8S_VERSION} in $((SECONDS - started)) s" >&2
fi

if ! command -v etcd >/dev/null 2>&1; then
  echo "testenv-setup: etcd is missing; install Debian's etcd-server (apt-get install etcd-server)" >&2
  exit 1
fi
echo "$APISERVER_BIN"
