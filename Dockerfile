# Rampart's own image: `docker run --rm -v "$PWD:/work:ro" ghcr.io/rampart-dev/rampart:0.1.0 scan /work`.
#
# Both bases are pinned by digest, so a re-pushed tag cannot change what is built (bump them deliberately).
# The runtime base is distroless Node.js 20 on Debian 12: node, glibc, libssl, CA certificates and tzdata; no shell,
# no package manager. Its build twin is the official node:20 image on the same Debian release, so the native SQLite
# module compiled here links against the glibc the runtime has.
# CI (scripts/build-image.sh) builds the same file without a registry by overriding both with local Debian bases.
ARG BUILD_IMAGE=node:20-bookworm@sha256:8f693eaa7e0a8e71560c9a82b55fd54c2ae920a2ba5d2cde28bac7d1c01c9ba5
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot@sha256:2cd820156cf039c8b54ae2d2a97e424b6729070714de8707a6b79f20d56f6a9a

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# better-sqlite3 is compiled from source against the headers of the node that runs it: no prebuilt binary is
# downloaded from a third party, and the build needs no network beyond the npm registry.
ENV npm_config_build_from_source=true \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
# Lifecycle scripts are off for the install (the root `prepare` would build before the sources are here); the one
# dependency that needs its install script is rebuilt explicitly.
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3 --nodedir="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
# The sources, the tsconfigs, bin/, the bundle script and the report schema: .dockerignore admits nothing else.
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/Release/obj* \
      node_modules/better-sqlite3/build/Release/test_extension.node

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="rampart" \
      org.opencontainers.image.description="DevSecOps toolkit for Kubernetes" \
      org.opencontainers.image.source="https://github.com/rampart-dev/rampart" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
# Owned by root and read-only to the user the container runs as: a compromised process cannot rewrite the tool.
COPY --from=build /src/package.json ./
COPY --from=build /src/bin bin
COPY --from=build /src/dist dist
COPY --from=build /src/docs docs
COPY --from=build /src/node_modules node_modules
ENV NODE_ENV=production \
    HOME=/tmp
# The same numeric IDs as the manifests in deploy/ and the Helm chart (runAsUser 10001), so runAsNonRoot can verify it.
USER 10001:10001
# The image runs batch scans, the server and the admission webhook; Kubernetes probes the long-running ones over
# HTTPS (/healthz, /readyz), and a Docker health check of a batch scan would test nothing.
HEALTHCHECK NONE
ENTRYPOINT ["/nodejs/bin/node", "/app/bin/rampart.js"]
CMD ["--help"]
