// Secret scanning throughput: ~100 MB of generated source (code, YAML, JSON lockfiles, minified JS) with a few hundred
// planted secrets, scanned file by file with every registered detector. Prints MB/s (median of N runs) and peak RSS.
// Run `npm run build` first, then `node bench/secrets.js [runs]`. The corpus is written once to the temp directory.
// BENCH_DIST names another build to measure (default ../dist), e.g. one of a git worktree at an earlier commit.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { median, seededRandom } from './support.js';

const dist = process.env.BENCH_DIST ? pathToFileURL(`${resolve(process.env.BENCH_DIST)}/`) : new URL('../dist/', import.meta.url);
const { DETECTORS } = await import(new URL('checks/secrets/detectors/index.js', dist).href);
const { scanSecrets } = await import(new URL('checks/secrets/search/index.js', dist).href);

const RUNS = Number(process.argv[2] ?? 5);
const TARGET_BYTES = 100 * 1024 * 1024;
const FILE_SEPARATOR = '\n\u0000FILE\u0000\n';
const CORPUS = join(tmpdir(), 'rampart-bench-secrets-v2.txt');

const { random, pick } = seededRandom(1234);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[random(alphabet.length)]).join('');
const b64 = (text) => Buffer.from(text).toString('base64');
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const word = () => pick(['user', 'order', 'account', 'config', 'item', 'value', 'client', 'session', 'cache', 'request', 'invoice', 'status', 'result', 'payload']);

const keys = Array.from({ length: 4 }, () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
);

const PLANTS = [
  () => `  password: "${token(18)}"`,
  () => `DATABASE_URL=postgres://app:${token(16)}@db.internal:5432/app`,
  () => `const jwt = "${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: token(8), iat: 1700000000 })}.${token(43, ALNUM + '-_')}";`,
  () => `    client-key-data: ${b64(pick(keys))}`,
  () => pick(keys).trimEnd(),
  () => `{"auths": {"registry.example.io": {"auth": "${b64(`robot:${token(24)}`)}"}}}`,
  () => `//registry.npmjs.org/:_authToken=${token(36)}`,
  () => `machine api.internal login deploy password ${token(20)}`,
  () => `  secret.json: ${b64(`{"api_key": "${token(32)}"}`)}`,
];

const CODE = [
  () => `export function ${word()}${random(1000)}(${word()}, ${word()}) {`,
  () => `  const ${word()} = await fetch(\`https://api.internal/v1/${word()}s/\${id}\`, { headers });`,
  () => `  if (!${word()}.${word()}) throw new Error('missing ${word()}');`,
  () => `  return { ${word()}: ${word()}.${word()}, count: ${random(100)} };`,
  () => `// TODO(${word()}): handle the ${word()} case before release`,
  () => `  const ${word()}Count = ${word()}s.filter((x) => x.${word()} !== undefined).length;`,
  () => `  logger.debug('${word()} %s took %d ms', ${word()}.id, Date.now() - started);`,
  () => `}`,
  () => `import { ${word()} } from './${word()}.js';`,
];
// Lines that name secrets without holding one: what context-based detectors must reject, at about 1 line in 50.
const DECOYS = [
  () => `    password = get_password()  # read from vault`,
  () => `    token = os.environ["API_TOKEN"]`,
  // rampart:allow secret/generic-secret a decoy: the escaped newline after secretName makes it look like a value here
  () => `      password: \${DB_PASSWORD}\n      secret: secretName\n      token: true`,
  () => `  const url = \`https://\${host}/v1/${word()}?token=\${encodeURIComponent(token)}\`;`,
];
const YAML = [
  () => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${word()}\nspec:\n  selector:\n    app: ${word()}\n  ports:\n    - port: ${random(9000)}\n      targetPort: http`,
  () => `          resources:\n            requests:\n              cpu: ${random(900)}m\n              memory: ${random(900)}Mi\n            limits:\n              memory: ${random(2000)}Mi`,
  () => `          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: ${random(9000)}\n            periodSeconds: ${random(30)}`,
  () => `data:\n  ${word()}.properties: |\n    ${word()}.enabled=true\n    ${word()}.max=${random(100)}`,
  () => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${word()}-${random(100)}\n  labels:\n    app: ${word()}`,
  () => `spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.internal/${word()}:${random(9)}.${random(20)}.${random(9)}`,
  () => `          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: db\n                  key: password`,
];
const JSON_LINES = [
  () => `    "node_modules/${word()}-${random(999)}": {\n      "version": "${random(9)}.${random(30)}.${random(9)}",\n      "resolved": "https://registry.npmjs.org/x/-/x-1.0.0.tgz",\n      "integrity": "sha512-${token(86, ALNUM + '+/')}=="\n    },`,
  () => `  {"id": ${random(1e6)}, "name": "${word()}", "sha": "${token(40, '0123456789abcdef')}", "enabled": ${random(2) === 1}},`,
];

function minifiedLine(length) {
  const parts = [];
  let size = 0;
  while (size < length) {
    const part = random(200) === 0 ? `${token(1)}.headers.Authorization="Bearer "+${token(1)}.token;` : pick([
      `function ${token(2)}(${token(1)},${token(1)}){return ${token(1)}.${word()}(${token(1)})}`,
      `var ${token(2)}=${random(1e5)},${token(2)}="${word()}";`,
      `${token(1)}.prototype.${word()}=function(){this.${word()}=!0};`,
      `if(${token(1)}&&${token(1)}.${word()})${token(1)}.push(${token(1)});`,
      `for(var ${token(1)}=0;${token(1)}<${token(1)}.length;${token(1)}++)${token(1)}[${token(1)}]=${random(255)};`,
      `${token(1)}.${word()}=${token(1)}.${word()}||{};`,
    ]);
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

function generateFile(plants) {
  const kind = random(10);
  const lines = [];
  const target = kind === 0 ? 600_000 + random(400_000) : 20_000 + random(200_000);
  let size = 0;
  while (size < target) {
    const line = kind === 0 ? minifiedLine(50_000) : pick(random(50) === 0 ? DECOYS : kind < 5 ? CODE : kind < 8 ? YAML : JSON_LINES)();
    lines.push(line);
    size += line.length + 1;
  }
  for (let i = 0; i < plants; i++) lines.splice(random(lines.length), 0, pick(PLANTS)());
  return lines.join('\n');
}

/** The files, and how many secrets were planted in them (each should yield exactly one finding). */
function corpus() {
  const plantedFile = `${CORPUS}.planted`;
  if (existsSync(CORPUS) && existsSync(plantedFile)) {
    return { files: readFileSync(CORPUS, 'utf8').split(FILE_SEPARATOR), planted: Number(readFileSync(plantedFile, 'utf8')) };
  }
  const files = [];
  let size = 0;
  let planted = 0;
  while (size < TARGET_BYTES) {
    const plants = random(3);
    const file = generateFile(plants);
    files.push(file);
    size += file.length;
    planted += plants;
  }
  writeFileSync(CORPUS, files.join(FILE_SEPARATOR));
  writeFileSync(plantedFile, String(planted));
  return { files, planted };
}

const { files, planted } = corpus();
const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file), 0);
const times = [];
const cpuTimes = [];
let found = 0;
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  found = 0;
  for (const file of files) found += scanSecrets(file, { detectors: DETECTORS }).length;
  times.push(performance.now() - start);
  const spent = process.cpuUsage(cpu);
  cpuTimes.push((spent.user + spent.system) / 1000);
}
const seconds = median(times) / 1000;
const cpuSeconds = median(cpuTimes) / 1000;
const byDetector = new Map();
for (const file of files) for (const m of scanSecrets(file, { detectors: DETECTORS })) byDetector.set(m.detector.id, (byDetector.get(m.detector.id) ?? 0) + 1);
console.log(`secrets: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${DETECTORS.length} detectors, ${planted} planted secrets, ${found} findings`);
console.log(`  ${[...byDetector].map(([id, n]) => `${id} ${n}`).join(', ')}`);
// CPU time holds on a loaded machine, where wall time does not.
console.log(`  median of ${RUNS}: ${(seconds * 1000).toFixed(0)} ms, ${(bytes / 1e6 / seconds).toFixed(0)} MB/s; CPU ${(cpuSeconds * 1000).toFixed(0)} ms, ${(bytes / 1e6 / cpuSeconds).toFixed(0)} MB/s of CPU; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
