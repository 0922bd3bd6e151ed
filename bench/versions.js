// Sorts 100,000 generated versions per ecosystem with compareVersions and prints the median of
// 5 runs in ms. Run `npm run build` first, then `node bench/versions.js [runs]`.
import { performance } from 'node:perf_hooks';
import { compareVersions } from '../dist/checks/vulnerabilities/versions/index.js';
import { seededRandom } from './support.js';

const COUNT = 100_000;
const RUNS = Number(process.argv[2] ?? 5);

const { random, pick } = seededRandom(7);
const core = () => `${random(20)}.${random(30)}.${random(100)}`;

// Realistic shapes per ecosystem, with prereleases and distro suffixes mixed in.
const GENERATORS = {
  npm: () => core() + pick(['', '', '', `-alpha.${random(5)}`, `-beta.${random(5)}`, `-rc.${random(3)}`]),
  PyPI: () => core() + pick(['', '', '', `a${random(5)}`, `rc${random(3)}`, `.post${random(3)}`, `.dev${random(3)}`, `+local.${random(9)}`]),
  Go: () => pick([`v${core()}`, `v${core()}`, `v0.0.0-2021${String(random(9000) + 1000)}000000-abcdef${random(1e6)}`, `v${random(5) + 2}.0.0+incompatible`]),
  Maven: () => core() + pick(['', '', '.Final', '-SNAPSHOT', `-alpha-${random(5)}`, `-RC${random(3)}`, '-sp1', `-M${random(9)}`]),
  NuGet: () => `${core()}.${random(4)}` + pick(['', '', `-beta.${random(5)}`, `-Preview${random(9)}`]),
  RubyGems: () => core() + pick(['', '', `.rc${random(3)}`, `.beta.${random(5)}`, `.pre`]),
  Packagist: () => `v${core()}` + pick(['', '', `-RC${random(3)}`, `-beta${random(5)}`, '-dev', `-p${random(3)}`]),
  Debian: () => `${pick(['', '', '1:'])}${core()}${pick(['', '~rc1', '+dfsg'])}-${random(9)}${pick(['', `+deb12u${random(4)}`, `ubuntu0.${random(9)}`])}`,
  Alpine: () => core() + pick(['', '', `_rc${random(3)}`, `_p${random(9)}`, `_git2024${random(9999)}`, 'a']) + `-r${random(12)}`,
  'Red Hat': () => `${pick(['', '0:', '1:'])}${core()}${pick(['', '~rc1', '^20240101git'])}-${random(30)}.el${pick(['8', '9', '9_2'])}`,
};

const results = [];
for (const [ecosystem, generate] of Object.entries(GENERATORS)) {
  const versions = Array.from({ length: COUNT }, generate);
  const compare = (a, b) => compareVersions(ecosystem, a, b);
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const copy = versions.slice();
    const start = performance.now();
    copy.sort(compare);
    times.push(performance.now() - start);
    for (let i = 1; i < copy.length; i++) if (compare(copy[i - 1], copy[i]) > 0) throw new Error(`${ecosystem}: not sorted at ${i}`);
  }
  times.sort((a, b) => a - b);
  results.push({ ecosystem, medianMs: Math.round(times[Math.floor(times.length / 2)]) });
}
console.log(`sort ${COUNT.toLocaleString('en')} versions, median of ${RUNS} runs`);
for (const { ecosystem, medianMs } of results) console.log(`${ecosystem.padEnd(10)} ${String(medianMs).padStart(6)} ms`);
