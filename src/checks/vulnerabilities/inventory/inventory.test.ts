import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from './extractors.js';
import { extractInventory, type InventoryFile } from './inventory.js';

async function* files(entries: Record<string, string | Uint8Array | Error>): AsyncGenerator<InventoryFile> {
  for (const [path, content] of Object.entries(entries)) {
    yield {
      path,
      read: async () => {
        if (content instanceof Error) throw content;
        return typeof content === 'string' ? content : new TextDecoder().decode(content);
      },
      ...(content instanceof Uint8Array ? { readBytes: async () => content } : {}),
    };
  }
}

const DPKG = 'Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n';

describe('extractInventory', () => {
  it('has unique extractor names', () => {
    const names = EXTRACTORS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('scopes OS packages to os-release even when it comes after the package database', async () => {
    const inventory = await extractInventory(
      files({
        'var/lib/dpkg/status': DPKG,
        'app/node_modules/lodash/package.json': '{"name":"lodash","version":"4.17.21"}',
        'etc/os-release': 'ID=ubuntu\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_ID="22.04"\n',
        'usr/lib/os-release': 'ID=debian\nVERSION_ID=12\n',
      }),
    );
    expect(inventory.os).toMatchObject({ id: 'ubuntu', ecosystem: 'Ubuntu:22.04:LTS' });
    expect(inventory.packages.map((p) => [p.name, p.ecosystem, p.purl])).toEqual([
      ['libssl3', 'Ubuntu:22.04:LTS', 'pkg:deb/ubuntu/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=ubuntu-22.04'],
      ['lodash', 'npm', 'pkg:npm/lodash@4.17.21'],
    ]);
    expect(inventory.errors).toEqual([]);
  });

  it('reads the rpm database through the byte reader and honours a caller-supplied OS', async () => {
    const bytes = readFileSync(new URL('./os/testdata/rpmdb.sqlite', import.meta.url));
    const inventory = await extractInventory(files({ 'var/lib/rpm/rpmdb.sqlite': bytes }), {
      os: { id: 'rocky', versionId: '9.3', ecosystem: 'Rocky Linux:9', purlNamespace: 'rocky' },
    });
    expect(inventory.packages.map((p) => [p.name, p.ecosystem, p.purl])).toEqual([
      ['openssl-libs', 'Rocky Linux:9', 'pkg:rpm/rocky/openssl-libs@3.0.7-16.el9?arch=x86_64&distro=rocky-9.3&epoch=1'],
      ['bash', 'Rocky Linux:9', 'pkg:rpm/rocky/bash@5.1.8-9.el9?arch=x86_64&distro=rocky-9.3'],
    ]);
  });

  it('turns read failures, extractor errors and skipped lines into issues tagged with file and extractor', async () => {
    const inventory = await extractInventory(
      files({
        'package-lock.json': new Error('EACCES'),
        'var/lib/rpm/rpmdb.sqlite': 'text only',
        'requirements.txt': 'flask>=2\n',
        'go.mod': 'module example.com/app\nrequire (\n',
      }),
    );
    expect(inventory.packages).toEqual([]);
    expect(inventory.errors).toEqual([
      { file: 'package-lock.json', extractor: 'javascript/package-lock', message: 'cannot read: EACCES' },
      { file: 'var/lib/rpm/rpmdb.sqlite', extractor: 'os/rpm', message: 'binary database but no byte reader was provided' },
      { file: 'go.mod', extractor: 'go/go-mod', message: 'unterminated require block' },
    ]);
    expect(inventory.skipped).toEqual([
      { file: 'requirements.txt', extractor: 'python/requirements', line: 1, message: 'not pinned with ==: flask>=2' },
    ]);
  });
});
