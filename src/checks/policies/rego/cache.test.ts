import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../types.js';
import { defaultCacheDir } from './cache.js';
import { compileRegoPolicies } from './index.js';
import { findOpa } from './opa.js';
import { constraintYaml, policyDocuments, templateYaml, testOpa } from './testing/fixtures.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh directory, removed after the file's tests. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-rego-cache-'));
  made.push(dir);
  return dir;
}

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' } };

function policy(word: string): PolicyDocument[] {
  const rego = `package cached\n\nviolation[{"msg": msg}] {\n  msg := sprintf("${word} %v", [input.review.object.metadata.name])\n}\n`;
  return policyDocuments('cached.yaml', `${templateYaml('Cached', rego)}---\n${constraintYaml('Cached', 'cached')}`);
}

/** An opa that logs each subcommand it runs; `version` optionally answers as another release would. */
function countingOpa(dir: string, name: string, fakeVersion?: string): { path: string; runs: () => string[] } {
  const log = join(dir, `${name}.log`);
  const path = join(dir, name);
  const fake = fakeVersion ? `if [ "$1" = version ]; then echo "Version: ${fakeVersion}"; exit 0; fi\n` : '';
  writeFileSync(path, `#!/bin/sh\necho "$1" >> '${log}'\n${fake}exec '${testOpa()}' "$@"\n`);
  chmodSync(path, 0o755);
  return { path, runs: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) };
}

function messages(compiled: Awaited<ReturnType<typeof compileRegoPolicies>>): string[] {
  return compiled.set.evaluate({ object: pod, operation: 'CREATE' }).violations.map((v) => v.message);
}

describe('the compiled-bundle cache', () => {
  it('compiles once: the second compile of the same sources does not run opa at all', async () => {
    const dir = scratch();
    const cacheDir = join(dir, 'cache');
    const opa = countingOpa(dir, 'opa');
    const first = await compileRegoPolicies(policy('first'), { opaPath: opa.path, cacheDir });
    expect(first.errors).toEqual([]);
    expect(opa.runs()).toEqual(['version', 'build']);
    expect(messages(first)).toEqual(['first web']);

    const second = await compileRegoPolicies(policy('first'), { opaPath: opa.path, cacheDir });
    expect(second.errors).toEqual([]);
    expect(opa.runs()).toEqual(['version', 'build']);
    expect(messages(second)).toEqual(['first web']);

    // Changed sources are compiled anew.
    const changed = await compileRegoPolicies(policy('changed'), { opaPath: opa.path, cacheDir });
    expect(messages(changed)).toEqual(['changed web']);
    expect(opa.runs()).toEqual(['version', 'build', 'build']);
  });

  it('uses a cached bundle when no opa is installed, and otherwise names what to install', async () => {
    const dir = scratch();
    const cacheDir = join(dir, 'cache');
    const missing = join(dir, 'no-such-opa');
    const without = await compileRegoPolicies(policy('offline'), { opaPath: missing, cacheDir });
    expect(without.set.policies).toEqual([]);
    expect(without.errors).toHaveLength(1);
    expect(without.errors[0]!.message).toMatch(/^ConstraintTemplate cached: compiling its Rego needs opa, and opa ".*no-such-opa" was not found: install opa .* set RAMPART_OPA$/);
    expect(without.errors[0]).toMatchObject({ file: 'cached.yaml', line: 4 });

    await compileRegoPolicies(policy('offline'), { opaPath: testOpa(), cacheDir });
    const cached = await compileRegoPolicies(policy('offline'), { opaPath: missing, cacheDir });
    expect(cached.errors).toEqual([]);
    expect(messages(cached)).toEqual(['offline web']);
  });

  it('keys entries by opa version: another opa recompiles, and its version is asked once', async () => {
    const dir = scratch();
    const cacheDir = join(dir, 'cache');
    await compileRegoPolicies(policy('versioned'), { opaPath: testOpa(), cacheDir });
    const other = countingOpa(dir, 'opa-next', '9.9.9');
    const compiled = await compileRegoPolicies(policy('versioned'), { opaPath: other.path, cacheDir });
    expect(compiled.errors).toEqual([]);
    expect(other.runs()).toEqual(['version', 'build']);
    await compileRegoPolicies(policy('versioned'), { opaPath: other.path, cacheDir });
    expect(other.runs()).toEqual(['version', 'build']);
    const remembered = readdirSync(join(cacheDir, 'opa-versions')).map((name) => readFileSync(join(cacheDir, 'opa-versions', name), 'utf8'));
    expect(remembered).toContain('9.9.9');
  });

  it('never uses an entry whose wasm does not match its recorded hash', async () => {
    const dir = scratch();
    const cacheDir = join(dir, 'cache');
    const opa = countingOpa(dir, 'opa');
    await compileRegoPolicies(policy('intact'), { opaPath: opa.path, cacheDir });
    const corrupt = (): void => {
      const bundles = join(cacheDir, 'bundles');
      for (const key of readdirSync(bundles)) {
        for (const file of readdirSync(join(bundles, key)).filter((name) => name.endsWith('.wasm'))) writeFileSync(join(bundles, key, file), 'not wasm');
      }
    };
    corrupt();
    const rebuilt = await compileRegoPolicies(policy('intact'), { opaPath: opa.path, cacheDir });
    expect(rebuilt.errors).toEqual([]);
    expect(messages(rebuilt)).toEqual(['intact web']);
    expect(opa.runs()).toEqual(['version', 'build', 'build']);

    corrupt();
    const offline = await compileRegoPolicies(policy('intact'), { opaPath: join(dir, 'absent'), cacheDir });
    expect(offline.errors.map((e) => e.message)).toEqual([expect.stringMatching(/needs opa/)]);
  });

  it('never uses an entry whose metadata does not parse or does not say what it needs to', async () => {
    const dir = scratch();
    const cacheDir = join(dir, 'cache');
    const opa = countingOpa(dir, 'opa');
    await compileRegoPolicies(policy('meta'), { opaPath: opa.path, cacheDir });
    const bundles = join(cacheDir, 'bundles');
    const [key] = readdirSync(bundles);
    const [meta] = readdirSync(join(bundles, key!)).filter((name) => name.endsWith('.json'));
    const metaPath = join(bundles, key!, meta!);
    const original = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
    const variants = ['{not json', JSON.stringify({ ...original, regoVersion: 'v7' }), JSON.stringify({ ...original, entrypoint: 'other/violation' }), '[]'];
    for (const variant of variants) {
      writeFileSync(metaPath, variant);
      const offline = await compileRegoPolicies(policy('meta'), { opaPath: join(dir, 'absent'), cacheDir });
      expect(offline.errors.map((e) => e.message), variant).toEqual([expect.stringMatching(/needs opa/)]);
    }
    writeFileSync(metaPath, JSON.stringify(original));
    expect((await compileRegoPolicies(policy('meta'), { opaPath: join(dir, 'absent'), cacheDir })).errors).toEqual([]);
  });
});

describe('a cache directory that cannot be written', () => {
  it('costs a recompile, never the policy', async () => {
    const dir = scratch();
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const opa = countingOpa(dir, 'opa');
    for (let i = 0; i < 2; i++) {
      const compiled = await compileRegoPolicies(policy('uncached'), { opaPath: opa.path, cacheDir: join(blocker, 'cache') });
      expect(compiled.errors).toEqual([]);
      expect(messages(compiled)).toEqual(['uncached web']);
    }
    expect(opa.runs()).toEqual(['version', 'build', 'build']);
  });
});

describe('where things are', () => {
  it('finds opa in the option, RAMPART_OPA, then PATH', () => {
    const dir = scratch();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'opa'), '#!/bin/sh\n', { mode: 0o755 });
    expect(findOpa('/explicit/opa', { RAMPART_OPA: '/env/opa', PATH: bin })).toBe('/explicit/opa');
    expect(findOpa(undefined, { RAMPART_OPA: '/env/opa', PATH: bin })).toBe('/env/opa');
    expect(findOpa(undefined, { PATH: `/nonexistent:${bin}` })).toBe(join(bin, 'opa'));
    expect(findOpa(undefined, { PATH: '/nonexistent' })).toBeUndefined();
    expect(findOpa(undefined, { RAMPART_OPA: 'opa', PATH: bin })).toBe(join(bin, 'opa'));
  });

  it('keeps bundles in rego/ of RAMPART_CACHE_DIR (the one cache directory), else under an absolute XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ RAMPART_CACHE_DIR: '/var/cache/rampart' }, '/home/u')).toBe('/var/cache/rampart/rego');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/rampart/rego');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.cache/rampart/rego');
    expect(defaultCacheDir({}, '/home/u')).toBe('/home/u/.cache/rampart/rego');
  });
});
