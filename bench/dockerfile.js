// Parses and checks Dockerfiles of hostile and realistic sizes with every Dockerfile rule and prints
// the median of N runs in ms, plus the heap growth of the last run. Run `npm run build` first, then
// `node bench/dockerfile.js [runs] [dist-dir]` (dist-dir defaults to ../dist, for a private build).
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './support.js';

const RUNS = Number(process.argv[2] ?? 5);
const DIST = path.resolve(process.argv[3] ?? new URL('../dist', import.meta.url).pathname);
const load = (module) => import(pathToFileURL(path.join(DIST, module)).href);
const { scanDockerfileText } = await load('engine/dockerfile.js');
const { dockerfileRules } = await load('rules/dockerfile/index.js');

// A multi-stage build of the shape real projects have: a builder, a test stage and a slim runtime.
const REALISTIC = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20.11.1
FROM node:\${NODE_VERSION}-bookworm AS build
WORKDIR /src
# rampart:ignore docker/apt-pin build tools float with the base image
RUN apt-get update \\
    && apt-get install -y --no-install-recommends python3 make g++ \\
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM python:3.12-slim AS tools
RUN pip install --no-cache-dir awscli==1.32.0 && pip3 install --no-cache-dir -r requirements.txt
RUN set -eux; curl -fsSL https://example.com/x.tgz | tar -xz -C /opt; \\
    chmod 0755 /opt/x && ln -s /opt/x/bin/x /usr/local/bin/x

FROM gcr.io/distroless/nodejs20-debian12@sha256:${'a'.repeat(64)}
WORKDIR /app
COPY --from=build --chown=65532:65532 /src/dist ./dist
COPY --from=build /src/node_modules ./node_modules
COPY --from=tools /opt/x /opt/x
ENV NODE_ENV=production PORT=8080
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s CMD ["/nodejs/bin/node", "dist/health.js"]
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["dist/server.js"]
`;

function manyLines(lines) {
  const body = [];
  for (let i = 0; i < lines - 1; i++) body.push(i % 10 === 0 ? `# rampart:ignore docker/apt-pin line ${i}` : `RUN echo ${i} && apt-get install -y pkg${i % 100}`);
  return `FROM debian:12\n${body.join('\n')}\n`;
}

const CASES = [
  { name: '100,000 lines', text: manyLines(100_000) },
  { name: '50,000 lines', text: manyLines(50_000) },
  { name: '5 MB single RUN line', text: `FROM debian:12\nRUN ${'echo a && '.repeat(500_000)}true\n` },
  { name: '5 MB single LABEL line', text: `FROM debian:12\nLABEL a="${'x'.repeat(5_000_000)}"\n` },
  { name: '5 MB RUN with continuations', text: `FROM debian:12\nRUN ${'echo a && \\\n    '.repeat(300_000)}true\n` },
  { name: '50,000 chained stages', text: Array.from({ length: 50_000 }, (_, i) => `FROM ${i === 0 ? 'debian:12' : `s${i - 1}`} AS s${i}\nCOPY --from=s0 a b`).join('\n') },
  { name: 'realistic x 2,000', text: Array.from({ length: 2_000 }, () => REALISTIC).join('\n') },
];

const settings = { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] };
console.log(`Dockerfile parse + all ${dockerfileRules.length} rules, median of ${RUNS} runs`);
for (const { name, text } of CASES) {
  const times = [];
  let heapGrowth = 0;
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    const result = scanDockerfileText('Dockerfile', text, dockerfileRules, settings);
    times.push(performance.now() - start);
    heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    findings = result.hits.length;
    if (result.errors.length > 0) findings = `${findings} (errors: ${result.errors[0].message.slice(0, 60)})`;
  }
  const mb = (text.length / 1e6).toFixed(1);
  console.log(`${name.padEnd(30)} ${mb.padStart(5)} MB ${String(Math.round(median(times))).padStart(7)} ms  heap +${Math.round(heapGrowth / 1e6)} MB  findings ${findings}`);
}
