import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from './extractors.js';
import type { Extractor } from '../../../core/package.js';

/**
 * An unreadable lockfile must be an error naming it, never "0 packages": the gate would pass on packages nobody
 * checked. Each text format gets a truncated copy of a real-shaped file and inputs of the wrong kind.
 */
const HTML_PAGE = '<html><body><h1>404 Not Found</h1></body></html>\n';
const CONFLICT = '<<<<<<< HEAD\nsomething\n=======\nsomething else\n>>>>>>> main\n';
const BINARY_NOISE = '\u00ff\u00fe\u0001\u0002 garbage ;;; %%%\n@@@@\n';

const CASES: Record<string, { path: string; malformed: Record<string, string> }> = {
  'os/dpkg': { path: 'var/lib/dpkg/status', malformed: { 'a JSON document': '{"packages": {"a": 1}}\n', 'YAML': 'foo: bar\nbaz:\n  - 1\n' } },
  'os/apk': { path: 'lib/apk/db/installed', malformed: { 'a truncated entry': 'P:musl\nV:1.2.4-r2\n\nP:busybox\n', 'a JSON document': '{"P": 1}\n' } },
  'javascript/package-lock': {
    path: 'package-lock.json',
    malformed: { 'a truncated file': '{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0', 'an empty object': '{}', 'an empty file': '' },
  },
  'javascript/yarn-lock': {
    path: 'yarn.lock',
    malformed: { 'an empty file': '', 'a merge conflict': CONFLICT, 'a truncated berry file': '__metadata:\n  version: 6\n\n"a@npm:^1":\n  version: 1.0.0\n  resolution: "a@npm:1' },
  },
  'javascript/pnpm-lock': {
    path: 'pnpm-lock.yaml',
    malformed: { 'a truncated file': "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {resolution: {integrity: sha512-", 'another YAML file': 'foo: bar\n', 'an empty file': '' },
  },
  'javascript/node-modules': { path: 'node_modules/a/package.json', malformed: { 'a truncated file': '{"name": "a", "vers', 'an empty object': '{}' } },
  'python/requirements': { path: 'requirements.txt', malformed: { 'an HTML page': HTML_PAGE, 'a merge conflict': CONFLICT } },
  'python/poetry-lock': {
    path: 'poetry.lock',
    malformed: {
      'a file cut inside an array': '[[package]]\nname = "a"\nversion = "1.0"\nfiles = [\n    {file = "a-1.0.tar.gz", hash = "sha256:',
      'a JSON document': '[1, 2]\n',
      'an empty file': '',
    },
  },
  'python/pipfile-lock': { path: 'Pipfile.lock', malformed: { 'a truncated file': '{"_meta": {}, "default": {"a": {"version": "==1', 'an empty object': '{}' } },
  'python/uv-lock': {
    path: 'uv.lock',
    malformed: { 'a file cut inside a string': 'version = 1\n[[package]]\nname = "a"\nversion = "1.0"\ndescription = """\nline', 'an HTML page': HTML_PAGE, 'an empty file': '' },
  },
  'python/dist-info': { path: 'a-1.0.dist-info/METADATA', malformed: { 'an empty file': '', 'a JSON document': '{"Name": "a"}' } },
  'go/go-mod': {
    path: 'go.mod',
    malformed: { 'a truncated file': 'module example.com/app\n\nrequire (\n\tgolang.org/x/net v0.17.0\n', 'a JSON document': '{"require": []}', 'an empty file': '' },
  },
  'rust/cargo-lock': {
    path: 'Cargo.lock',
    malformed: { 'a file cut inside an array': 'version = 3\n\n[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = [\n "b",\n', 'binary noise': BINARY_NOISE, 'an empty file': '' },
  },
  'ruby/gemfile-lock': {
    path: 'Gemfile.lock',
    malformed: { 'a merge conflict': `GEM\n  remote: https://rubygems.org/\n  specs:\n${CONFLICT}`, 'an HTML page': HTML_PAGE, 'a JSON document': '{"GEM": []}', 'an empty file': '' },
  },
  'php/composer-lock': { path: 'composer.lock', malformed: { 'a truncated file': '{"packages": [{"name": "a/b", "version": "1.', 'an empty object': '{}' } },
  'java/pom-properties': { path: 'META-INF/maven/g/a/pom.properties', malformed: { 'a truncated file': 'groupId=g\nartifactId=a\n', 'an HTML page': HTML_PAGE } },
  'java/gradle-lockfile': { path: 'gradle.lockfile', malformed: { 'an HTML page': HTML_PAGE, 'a merge conflict': CONFLICT } },
  'dotnet/packages-lock': { path: 'packages.lock.json', malformed: { 'a truncated file': '{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1.', 'an empty object': '{}' } },
};

/** Binary formats (rpmdb.sqlite, Go binaries, jars) have their own corrupt-input tests. */
const TEXT_EXTRACTORS: Extractor[] = EXTRACTORS.filter((e) => !e.extractBinary);

describe('malformed package files are errors, never an empty inventory', () => {
  it('covers every text format', () => {
    expect(Object.keys(CASES).sort()).toEqual(TEXT_EXTRACTORS.map((e) => e.name).sort());
  });

  for (const extractor of TEXT_EXTRACTORS) {
    const { path, malformed } = CASES[extractor.name]!;
    it.each(Object.entries(malformed))(`${extractor.name}: %s`, (_name, text) => {
      expect(extractor.matches(path)).toBe(true);
      expect(extractor.extract({ path, text }).errors).not.toEqual([]);
    });
  }
});
