import { describeDetectors } from '../testing/cases.js';
import { BASE62, DIGITS, HEX, LOWER, randomText, UPPER } from '../testing/tokens.js';
import { clojarsDeployToken } from './clojars.js';
import { cratesIoToken } from './crates.js';
import { hexApiKey } from './hex.js';
import { mavenCentralCredential } from './maven.js';
import { nugetApiKey } from './nuget.js';
import { packagistToken } from './packagist.js';
import { rubygemsApiKey } from './rubygems.js';

const r = (n: number, seed: number, alphabet = BASE62): string => randomText(alphabet, n, seed);
const rubygems = `rubygems_${r(48, 1, HEX)}`;
const nuget = `oy2${r(43, 2, LOWER + DIGITS)}`;
const crates = `cio${r(32, 3)}`;
const packagist = `packagist_uut_${r(64, 4)}`;
const hex = r(32, 5, HEX);
const ossrh = r(24, 6, `${BASE62}+/`);
const clojars = `CLOJARS_${r(60, 7, LOWER + DIGITS)}`;

describeDetectors([
  {
    detector: rubygemsApiKey,
    found: [
      { text: `---\n:rubygems_api_key: ${rubygems}\n`, secret: rubygems },
      { text: `export GEM_HOST_API_KEY="${rubygems}"`, secret: rubygems },
    ],
    ignored: [
      { why: 'a placeholder', text: `GEM_HOST_API_KEY=rubygems_${'0'.repeat(48)}` },
      { why: 'a too-short key', text: `GEM_HOST_API_KEY=rubygems_${r(40, 8, HEX)}` },
    ],
  },
  {
    detector: nugetApiKey,
    found: [
      { text: `dotnet nuget push pkg.nupkg --api-key ${nuget} --source https://api.nuget.org/v3/index.json`, secret: nuget },
      { text: `NUGET_API_KEY: ${nuget}`, secret: nuget },
    ],
    ignored: [
      { why: 'upper-case characters', text: `NUGET_API_KEY=oy2${r(43, 9, UPPER)}` },
      { why: 'a placeholder', text: `NUGET_API_KEY=oy2${'a'.repeat(43)}` },
    ],
  },
  {
    detector: cratesIoToken,
    found: [
      { text: `[registry]\ntoken = "${crates}"\n`, secret: crates },
      { text: `export CARGO_REGISTRY_TOKEN=${crates}`, secret: crates },
    ],
    ignored: [
      { why: 'a word starting with cio', text: 'cioAnIdentifierThatIsJustLettersOk' },
      { why: 'a too-short value', text: `CARGO_REGISTRY_TOKEN=cio${r(20, 10)}` },
    ],
  },
  {
    detector: packagistToken,
    found: [
      { text: `{"http-basic": {"repo.packagist.com": {"username": "token", "password": "${packagist}"}}}`, secret: packagist },
      { text: `COMPOSER_AUTH_TOKEN=${packagist}`, secret: packagist },
    ],
    ignored: [
      { why: 'a placeholder', text: `password: packagist_uut_${'x'.repeat(64)}` },
      { why: 'a too-short value', text: `password: packagist_uut_${r(16, 11)}` },
    ],
  },
  {
    detector: hexApiKey,
    found: [
      { text: `export HEX_API_KEY=${hex}`, secret: hex },
      { text: `env:\n  - name: HEX_API_KEY\n    value: "${hex}"\n`, secret: hex },
    ],
    ignored: [
      { why: 'a checksum without context', text: `md5: ${hex}` },
      { why: 'a placeholder', text: `HEX_API_KEY=${'0'.repeat(32)}` },
    ],
  },
  {
    detector: mavenCentralCredential,
    found: [
      { text: `ossrhUsername=acme\nossrhPassword=${ossrh}\n`, secret: ossrh },
      { text: `export SONATYPE_TOKEN_PASSWORD='${ossrh}'`, secret: ossrh },
    ],
    ignored: [
      { why: 'a username', text: 'ossrhUsername=acme-release' },
      { why: 'a property reference', text: 'ossrhPassword=${env.OSSRH_PASSWORD}' },
    ],
  },
  {
    detector: clojarsDeployToken,
    found: [
      { text: `export CLOJARS_PASSWORD=${clojars}`, secret: clojars },
      { text: `:deploy-repositories [["clojars" {:username "acme" :password "${clojars}"}]]`, secret: clojars },
    ],
    ignored: [
      { why: 'a placeholder', text: `CLOJARS_PASSWORD=CLOJARS_${'0'.repeat(60)}` },
      { why: 'an environment variable name', text: 'CLOJARS_USERNAME=acme' },
    ],
  },
]);
