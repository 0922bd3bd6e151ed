import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../database/testdata/zip-writer.js';
import { extractInventory } from '../inventory.js';
import { parseModinfo, readRawBuildInfo } from './buildinfo.js';
import { goBinaryExtractor, goVersionToSemver, MAX_GO_BINARY_SIZE } from './go-binary.js';

const run = promisify(execFile);

function goCommand(): string {
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('Go toolchain not found at /usr/local/go/bin/go: these tests build real Go executables and need it installed');
}

// Each target compiles its own runtime on a cold cache (a few CPU seconds each), so only one per executable format.
const TARGETS = { 'linux-amd64': ['linux', 'amd64'], 'windows-amd64.exe': ['windows', 'amd64'], 'darwin-arm64': ['darwin', 'arm64'] } as const;
type Target = keyof typeof TARGETS;

function write(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

/** A file:// module proxy (the GOPROXY protocol laid out on disk), so versioned dependencies resolve offline. */
function writeProxyModule(proxy: string, path: string, version: string, files: Record<string, string>): void {
  const dir = join(proxy, path, '@v');
  write(dir, {
    list: `${version}\n`,
    [`${version}.info`]: JSON.stringify({ Version: version, Time: '2024-01-01T00:00:00Z' }),
    [`${version}.mod`]: files['go.mod']!,
  });
  writeFileSync(join(dir, `${version}.zip`), buildZip(Object.entries(files).map(([name, data]) => ({ name: `${path}@${version}/${name}`, data }))));
}

/**
 * Builds the sample program for every target once per Go version; later runs reuse the binaries from os.tmpdir.
 * It has a plain versioned dependency, one replaced by a versioned fork and one replaced by a local directory.
 */
async function buildSamples(): Promise<{ goVersion: string; binaries: Record<Target, Buffer> }> {
  const go = goCommand();
  const goVersion = (await run(go, ['env', 'GOVERSION'])).stdout.trim();
  const cache = join(tmpdir(), `rampart-go-binaries-${goVersion}`);
  const missing = (Object.keys(TARGETS) as Target[]).filter((target) => !existsSync(join(cache, target)));
  if (missing.length > 0) {
    const work = mkdtempSync(join(tmpdir(), 'rampart-go-build-'));
    try {
      const proxy = join(work, 'proxy');
      writeProxyModule(proxy, 'example.com/plain', 'v0.3.0', { 'go.mod': 'module example.com/plain\n\ngo 1.18\n', 'plain.go': 'package plain\n\nconst Name = "plain"\n' });
      writeProxyModule(proxy, 'example.com/fork', 'v1.2.0', {
        'go.mod': 'module example.com/upstream\n\ngo 1.18\n',
        'upstream.go': 'package upstream\n\nconst Name = "fork"\n',
      });
      write(join(work, 'lib'), { 'go.mod': 'module example.com/lib\n\ngo 1.18\n', 'lib.go': 'package lib\n\nconst Name = "lib"\n' });
      write(join(work, 'app'), {
        'go.mod': [
          'module example.com/app',
          'go 1.18',
          'require (\n\texample.com/lib v1.4.0\n\texample.com/plain v0.3.0\n\texample.com/upstream v1.0.0\n)',
          'replace example.com/lib => ../lib',
          'replace example.com/upstream => example.com/fork v1.2.0',
        ].join('\n\n'),
        'main.go':
          'package main\n\nimport (\n\t"example.com/lib"\n\t"example.com/plain"\n\t"example.com/upstream"\n)\n\n' +
          'func main() { println(lib.Name, plain.Name, upstream.Name) }\n',
      });
      const env = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: work,
        GOENV: 'off',
        GOFLAGS: '-mod=mod',
        GOPROXY: `file://${proxy}`,
        GOSUMDB: 'off',
        GOTOOLCHAIN: 'local',
        GOMODCACHE: join(work, 'modcache'),
        GOCACHE: join(tmpdir(), 'rampart-go-build-cache'),
        CGO_ENABLED: '0',
      };
      // Resolve the modules once, so the parallel builds below do not race to write go.sum.
      await run(go, ['mod', 'tidy'], { cwd: join(work, 'app'), env });
      mkdirSync(cache, { recursive: true });
      await Promise.all(
        missing.map(async (target) => {
          const [GOOS, GOARCH] = TARGETS[target];
          const output = join(work, target);
          await run(go, ['build', '-trimpath', '-ldflags=-s -w', '-o', output, '.'], { cwd: join(work, 'app'), env: { ...env, GOOS, GOARCH } });
          renameSync(output, join(cache, target));
        }),
      );
    } finally {
      await run('chmod', ['-R', 'u+w', work]).catch(() => undefined); // The module cache is read-only.
      rmSync(work, { recursive: true, force: true });
    }
  }
  const binaries = Object.fromEntries((Object.keys(TARGETS) as Target[]).map((target) => [target, readFileSync(join(cache, target))]));
  return { goVersion, binaries: binaries as Record<Target, Buffer> };
}

let goVersion: string;
let binaries: Record<Target, Buffer>;
beforeAll(async () => {
  ({ goVersion, binaries } = await buildSamples());
}, 120_000);

const extract = (bytes: Uint8Array, path = 'usr/local/bin/app') => goBinaryExtractor.extractBinary!({ path, bytes });

describe('goBinaryExtractor on real Go executables', () => {
  it.each(Object.keys(TARGETS) as Target[])('reads modules and the standard library from %s', (target) => {
    const result = extract(binaries[target]);
    expect(result.errors).toEqual([]);
    expect(result.packages).toEqual([
      { name: 'example.com/plain', version: '0.3.0', ecosystem: 'Go', purl: 'pkg:golang/example.com/plain@v0.3.0', file: 'usr/local/bin/app' },
      { name: 'example.com/fork', version: '1.2.0', ecosystem: 'Go', purl: 'pkg:golang/example.com/fork@v1.2.0', file: 'usr/local/bin/app' },
      {
        name: 'stdlib',
        version: goVersionToSemver(goVersion),
        ecosystem: 'Go',
        purl: `pkg:golang/stdlib@v${goVersionToSemver(goVersion)}`,
        file: 'usr/local/bin/app',
      },
    ]);
    expect(result.skipped).toEqual([{ message: 'example.com/lib is replaced by the local directory ../lib: no version to match' }]);
  });

  it('exposes the full build info, including build settings', () => {
    const raw = readRawBuildInfo(binaries['linux-amd64'])!;
    expect(raw.goVersion).toBe(goVersion);
    const info = parseModinfo(raw.goVersion, raw.modinfo);
    expect(info.path).toBe('example.com/app');
    expect(info.main).toEqual({ path: 'example.com/app', version: '(devel)' });
    expect(info.deps.find((dep) => dep.path === 'example.com/upstream')?.replace).toMatchObject({ path: 'example.com/fork', version: 'v1.2.0' });
    expect(info.settings).toContainEqual({ key: '-trimpath', value: 'true' });
    expect(info.settings).toContainEqual({ key: 'GOOS', value: 'linux' });
    expect(info.problems).toEqual([]);
  });

  it('runs through extractInventory with a byte reader', async () => {
    async function* files() {
      yield { path: 'ko-app/server', read: async () => '', readBytes: async () => binaries['linux-amd64'] };
    }
    const inventory = await extractInventory(files(), { extractors: [goBinaryExtractor] });
    expect(inventory.packages.map((pkg) => `${pkg.name}@${pkg.version}`)).toContain('example.com/plain@0.3.0');
    expect(inventory.errors).toEqual([]);
  });
});

describe('goBinaryExtractor on malformed or foreign input', () => {
  const magicAt = (bytes: Buffer) => bytes.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
  const nothing = { packages: [], errors: [] };

  it('returns nothing for random bytes, text and an empty file', () => {
    expect(extract(Buffer.from('#!/bin/sh\necho hi\n'))).toEqual(nothing);
    expect(extract(Buffer.alloc(0))).toEqual(nothing);
    expect(extract(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)))).toEqual(nothing);
  });

  it('returns nothing for an ELF without Go build info', () => {
    const stripped = Buffer.from(binaries['linux-amd64']);
    stripped.fill(0, magicAt(stripped), magicAt(stripped) + 14);
    expect(extract(stripped)).toEqual(nothing);
    expect(extract(elfWithPointerBuildInfo({ wide: true, littleEndian: true, withMagic: false }))).toEqual(nothing);
  });

  it('reports a file truncated inside the build info', () => {
    const bytes = binaries['linux-amd64'];
    const result = extract(bytes.subarray(0, magicAt(bytes) + 40));
    expect(result.packages).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(/^cannot read Go build info: /);
  });

  it('reports bogus varint string lengths', () => {
    const bogus = Buffer.from(binaries['linux-amd64']);
    bogus.fill(0xff, magicAt(bogus) + 32, magicAt(bogus) + 48);
    expect(extract(bogus).errors).toEqual([{ message: 'cannot read Go build info: malformed Go build info: bad string length' }]);
    const long = Buffer.from(binaries['linux-amd64']);
    long.set([0xff, 0xff, 0xff, 0x7f], magicAt(long) + 32);
    expect(extract(long).errors[0]!.message).toMatch(/string runs past the end/);
  });

  it('reports ELF headers that point outside the file', () => {
    const broken = Buffer.from(binaries['linux-amd64']);
    broken.writeBigUInt64LE(BigInt(broken.length + 100), 0x20); // e_phoff
    expect(extract(broken).errors[0]!.message).toMatch(/truncated executable/);
  });

  it('skips an executable over the size limit without reading it', () => {
    const huge = Buffer.allocUnsafe(MAX_GO_BINARY_SIZE + 1);
    huge.set([0x7f, 0x45, 0x4c, 0x46]);
    expect(extract(huge).skipped).toEqual([{ message: expect.stringMatching(/over the 536870912-byte limit/) }]);
  });

  it('reports unknown modinfo lines but keeps the modules', () => {
    const info = parseModinfo('go1.22.3', 'path\tx\nmod\tx\tv1.0.0\t\nbogus\nbuild\tnoequals\n=>\tstray\nmod\t\n');
    expect(info.main).toEqual({ path: 'x', version: 'v1.0.0' });
    expect(info.problems).toEqual([
      'unknown line: bogus',
      'malformed build line: build\tnoequals',
      'unexpected replacement line: =>\tstray',
      'malformed mod line: mod\t',
    ]);
  });
});

/**
 * The pre-1.18 layout, which today's toolchain no longer writes: the header holds two pointers to Go string
 * headers, resolved through the ELF program headers. One PT_LOAD segment, no section headers.
 */
function elfWithPointerBuildInfo(options: { wide: boolean; littleEndian: boolean; withMagic?: boolean; version?: string; modinfo?: string }): Buffer {
  const { wide, littleEndian } = options;
  const pointer = wide ? 8 : 4;
  const base = 0x500000;
  const dataOffset = 0x200;
  const file = Buffer.alloc(0x800);
  const u16 = (v: number, at: number) => (littleEndian ? file.writeUInt16LE(v, at) : file.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (littleEndian ? file.writeUInt32LE(v, at) : file.writeUInt32BE(v, at));
  const word = (v: number, at: number) => (wide ? (littleEndian ? file.writeBigUInt64LE(BigInt(v), at) : file.writeBigUInt64BE(BigInt(v), at)) : u32(v, at));
  file.set([0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, littleEndian ? 1 : 2, 1]);
  const phoff = wide ? 64 : 52;
  word(phoff, wide ? 0x20 : 0x1c);
  u16(wide ? 56 : 32, wide ? 0x36 : 0x2a);
  u16(1, wide ? 0x38 : 0x2c);
  u32(1, phoff); // PT_LOAD
  if (wide) {
    u32(6, phoff + 4); // PF_R | PF_W
    word(dataOffset, phoff + 8);
    word(base, phoff + 16);
    word(file.length - dataOffset, phoff + 32);
  } else {
    u32(dataOffset, phoff + 4);
    u32(base, phoff + 8);
    u32(file.length - dataOffset, phoff + 16);
    u32(6, phoff + 24);
  }
  if (options.withMagic !== false) file.write('\xff Go buildinf:', dataOffset, 'latin1');
  file[dataOffset + 14] = pointer;
  file[dataOffset + 15] = littleEndian ? 0 : 1;
  const strings = [options.version ?? 'go1.16.15', options.modinfo ?? ''];
  let headerAt = 0x40;
  let dataAt = 0x100;
  strings.forEach((value, i) => {
    word(base + headerAt, dataOffset + 16 + i * pointer);
    word(base + dataAt, dataOffset + headerAt);
    word(Buffer.byteLength(value), dataOffset + headerAt + pointer);
    file.write(value, dataOffset + dataAt, 'utf8');
    headerAt += 2 * pointer;
    dataAt += 0x100;
  });
  return file;
}

describe('pointer-format build info (Go before 1.18)', () => {
  const sentinel = '0123456789abcdef';
  const modinfo = `${sentinel}path\texample.com/old\nmod\texample.com/old\tv2.0.0\th1:x=\ndep\tgolang.org/x/text\tv0.3.7\th1:y=\ndep\texample.com/ws\t(devel)\t\n${sentinel}`;

  it.each([
    { wide: true, littleEndian: true },
    { wide: false, littleEndian: false },
  ])('reads a %o ELF', (layout) => {
    const result = extract(elfWithPointerBuildInfo({ ...layout, modinfo }));
    expect(result.errors).toEqual([]);
    expect(result.packages.map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual(['example.com/old@2.0.0', 'golang.org/x/text@0.3.7', 'stdlib@1.16.15']);
    expect(result.skipped).toEqual([{ message: 'example.com/ws has no release version ((devel)): built from local source' }]);
  });

  it('treats missing sentinels as a build without module information', () => {
    const result = extract(elfWithPointerBuildInfo({ wide: true, littleEndian: true, modinfo: 'path\tx\n' }));
    expect(result.packages.map((pkg) => pkg.name)).toEqual(['stdlib']);
  });

  it('reports pointers that lead outside the file', () => {
    const bytes = elfWithPointerBuildInfo({ wide: true, littleEndian: true, modinfo });
    bytes.writeBigUInt64LE(0x900000n, 0x200 + 16);
    expect(extract(bytes).errors).toEqual([{ message: 'cannot read Go build info: malformed Go build info: string header outside the file' }]);
  });
});

describe('goVersionToSemver', () => {
  it.each([
    ['go1.22.3', '1.22.3'],
    ['go1.20', '1.20.0'],
    ['go1.21rc2', '1.21.0-rc.2'],
    ['go1.19beta1', '1.19.0-beta.1'],
    ['go1.22.3 X:boringcrypto', '1.22.3'],
    ['devel go1.23-abc123 Tue', undefined],
    ['go1.x', undefined],
  ])('%s → %s', (input, expected) => {
    expect(goVersionToSemver(input)).toBe(expected);
  });
});

describe('goBinaryExtractor.matches', () => {
  it.each(['usr/local/bin/kubectl', 'bin/app', 'usr/sbin/daemon', 'opt/tool/run', 'app/server', 'ko-app/server', 'home/x/go/bin/gopls', 'bin/tool.exe'])(
    'accepts %s',
    (path) => expect(goBinaryExtractor.matches(path)).toBe(true),
  );
  it.each(['usr/bin/script.sh', 'app/index.js', 'opt/app/README.md', 'usr/lib/libc.so.6', 'go.mod', 'main', 'usr/share/doc/x', 'opt/conf/app.yaml'])(
    'rejects %s',
    (path) => expect(goBinaryExtractor.matches(path)).toBe(false),
  );
});
