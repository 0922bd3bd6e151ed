#!/usr/bin/env bash
# Builds Rampart's image from the repository's Dockerfile without a Docker daemon or registry access, and writes it
# as an OCI archive: scripts/build-image.sh OUTPUT.tar [TAG]
#
# The Dockerfile's bases (official node and distroless images, pinned by digest) come from Docker Hub and gcr.io,
# which CI cannot reach; CI builds the same Dockerfile on local twins made from Debian packages (Debian 13 ships
# Node.js 20.19), cached outside the repository:
# - build base: debootstrap minbase + nodejs, npm, the Node headers and a C++ toolchain (for better-sqlite3);
# - runtime base: distroless-like, only the files of nodejs and the packages it depends on, base-files, tzdata
#   and the CA bundle, with dpkg records in var/lib/dpkg/status.d as distroless writes them; no shell.
# Needs root, debootstrap and buildah (CI installs them). A few minutes for the bases, once per machine.
set -euo pipefail

OUTPUT="${1:?usage: build-image.sh OUTPUT.tar [TAG]}"
TAG="${2:-ghcr.io/rampart-dev/rampart:dev}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUITE=trixie
MIRROR="${RAMPART_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/rampart-tools/image-base-${SUITE}"
BUILD_ROOTFS="$CACHE/rootfs-build"
RUNTIME_ROOTFS="$CACHE/rootfs-runtime"
# Private buildah storage: the build never touches (or depends on) the machine's container storage.
STORAGE=(--root "$CACHE/storage" --runroot "$CACHE/run" --storage-driver vfs)

log() { echo "build-image: $*" >&2; }

make_build_rootfs() {
  [ -x "$BUILD_ROOTFS/usr/bin/npm" ] && return
  log "debootstrap ${SUITE} build base into ${BUILD_ROOTFS} (once per machine)"
  rm -rf "$BUILD_ROOTFS.tmp"
  debootstrap --variant=minbase --include=nodejs,libnode-dev,python3,make,g++,ca-certificates \
    "$SUITE" "$BUILD_ROOTFS.tmp" "$MIRROR" >&2
  # npm is installed by apt, not debootstrap: debootstrap's resolver ignores virtual packages, and npm's dependencies
  # name several that other packages only Provide (node-color-support, by node-fancy-log), so debootstrap left npm
  # unconfigured and failed.
  chroot "$BUILD_ROOTFS.tmp" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive chroot "$BUILD_ROOTFS.tmp" apt-get install -y -qq --no-install-recommends npm >&2
  chroot "$BUILD_ROOTFS.tmp" apt-get clean
  rm -rf "$BUILD_ROOTFS.tmp/var/cache/apt/archives"/*.deb "$BUILD_ROOTFS.tmp/var/lib/apt/lists"/*
  mv "$BUILD_ROOTFS.tmp" "$BUILD_ROOTFS"
}

dpkg_query() { dpkg-query --admindir="$BUILD_ROOTFS/var/lib/dpkg" "$@"; }

# nodejs and everything it depends on (Depends and Pre-Depends, first installed alternative), by package name.
# debconf is left out, as distroless does: tzdata needs it only to be configured, and it would bring Perl scripts.
runtime_packages() {
  local -A seen=([debconf]=1)
  local queue=(nodejs base-files netbase tzdata) name deps alternative
  while [ "${#queue[@]}" -gt 0 ]; do
    name="${queue[0]}"
    queue=("${queue[@]:1}")
    [ -n "${seen[$name]:-}" ] && continue
    seen[$name]=1
    echo "$name"
    deps="$(dpkg_query -W -f='${Pre-Depends}, ${Depends}' "$name")"
    IFS=',' read -ra groups <<<"$deps"
    for group in "${groups[@]}"; do
      IFS='|' read -ra alternatives <<<"$group"
      for alternative in "${alternatives[@]}"; do
        alternative="$(echo "$alternative" | sed -E 's/\(.*\)//; s/:any//; s/[[:space:]]//g')"
        [ -z "$alternative" ] && continue
        if dpkg_query -W -f='${Status}' "$alternative" 2>/dev/null | grep -q 'install ok installed'; then
          queue+=("$alternative")
          break
        fi
      done
    done
  done
}

make_runtime_rootfs() {
  [ -e "$RUNTIME_ROOTFS/nodejs/bin/node" ] && return
  log "assembling the distroless-like runtime base in ${RUNTIME_ROOTFS}"
  local tmp="$RUNTIME_ROOTFS.tmp" packages
  rm -rf "$tmp"
  mkdir -p "$tmp/var/lib/dpkg/status.d" "$tmp/nodejs/bin" "$tmp/etc/ssl/certs" "$tmp/tmp"
  # The merged-/usr aliases (bin -> usr/bin, lib64 -> usr/lib64, ...) belong to no package's file list.
  for alias in bin sbin lib lib64; do
    [ -L "$BUILD_ROOTFS/$alias" ] && cp -a "$BUILD_ROOTFS/$alias" "$tmp/$alias"
  done
  mapfile -t packages < <(runtime_packages)
  for package in "${packages[@]}"; do
    dpkg_query -s "$package" >"$tmp/var/lib/dpkg/status.d/$package"
    dpkg_query -L "$package" | grep -vE '^/usr/share/(man|info|lintian|locale|doc/[^/]+/changelog)' |
      grep -vE '^/\.$' | sed 's|^/||' >"$tmp/files"
    tar -C "$BUILD_ROOTFS" --no-recursion -cf - -T "$tmp/files" | tar -C "$tmp" -xf -
    rm "$tmp/files"
  done
  cp "$BUILD_ROOTFS/etc/ssl/certs/ca-certificates.crt" "$tmp/etc/ssl/certs/"
  ln -s /usr/bin/node "$tmp/nodejs/bin/node"
  chmod 1777 "$tmp/tmp"
  # The accounts distroless ships; the image itself runs as the numeric 10001, which needs no entry.
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$tmp/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n' >"$tmp/etc/group"
  if [ -e "$tmp/bin/sh" ] || [ -e "$tmp/usr/bin/sh" ]; then
    log "the runtime base would contain a shell; refusing"
    exit 1
  fi
  mv "$tmp" "$RUNTIME_ROOTFS"
}

# A base image in the private storage from a root file system, once. Committed in one step, so an interrupted run
# never leaves a half-made base behind.
base_image() {
  local rootfs="$1" name="$2" container mount
  buildah "${STORAGE[@]}" inspect --type image "$name" >/dev/null 2>&1 && return
  log "committing ${rootfs} as ${name}"
  container="$(buildah "${STORAGE[@]}" from --quiet scratch)"
  mount="$(buildah "${STORAGE[@]}" mount "$container")"
  cp -a "$rootfs/." "$mount/"
  buildah "${STORAGE[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$container"
  buildah "${STORAGE[@]}" commit --quiet --rm "$container" "$name" >/dev/null
}

mkdir -p "$CACHE"
make_build_rootfs
make_runtime_rootfs
base_image "$BUILD_ROOTFS" "localhost/rampart-base-build:$SUITE"
base_image "$RUNTIME_ROOTFS" "localhost/rampart-base-runtime:$SUITE"

log "building ${TAG}"
mkdir -p "$CACHE/npm"
# The build's npm trusts what this machine trusts (a TLS-inspecting proxy's CA included): the host's CA bundle is
# mounted for the RUN steps only, so it never becomes part of the image.
CA_BUNDLE="${RAMPART_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$CACHE/npmrc"
# No --layers: with vfs every cached step would be a full copy of the tree (gigabytes); a stage is one layer.
buildah "${STORAGE[@]}" bud --isolation chroot --pull-never \
  --build-arg "BUILD_IMAGE=localhost/rampart-base-build:$SUITE" \
  --build-arg "RUNTIME_IMAGE=localhost/rampart-base-runtime:$SUITE" \
  --volume "$CACHE/npm:/root/.npm" \
  --volume "$CACHE/npmrc:/root/.npmrc:ro" \
  --volume "$CA_BUNDLE:/etc/ssl/certs/ca-certificates.crt:ro" \
  --tag "$TAG" --file "$ROOT/Dockerfile" "$ROOT" >&2
rm -f "$OUTPUT"
buildah "${STORAGE[@]}" push --quiet "$TAG" "oci-archive:$OUTPUT:$TAG" >&2
# The archive is the output; the storage keeps only the bases, so it does not grow by an image per build.
buildah "${STORAGE[@]}" rmi "$TAG" >/dev/null
log "wrote ${OUTPUT}"
