import { describe, expect, it } from 'vitest';
import { apkExtractor } from './apk.js';

const INSTALLED = `C:Q1Ef0ISJ2qGU3NnKjbgE0MaE6Ifrs=
P:musl
V:1.2.5-r0
A:x86_64
S:411429
I:643072
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Natanael Copa <ncopa@alpinelinux.org>
t:1712256467
F:lib
R:ld-musl-x86_64.so.1

C:Q1pcJBvBqxyYbGxFWNKqcLdV2AYpU=
P:libcrypto3
V:3.3.1-r0
A:x86_64
o:openssl
D:so:libc.musl-x86_64.so.1
`;

describe('os/apk', () => {
  it('matches the installed database only', () => {
    expect(apkExtractor.matches('lib/apk/db/installed')).toBe(true);
    expect(apkExtractor.matches('lib/apk/db/triggers')).toBe(false);
  });

  it('reads name, version, arch and origin', () => {
    const { packages, errors } = apkExtractor.extract({ path: 'lib/apk/db/installed', text: INSTALLED });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.arch, p.sourceName, p.sourceVersion])).toEqual([
      ['musl', '1.2.5-r0', 'x86_64', 'musl', '1.2.5-r0'],
      ['libcrypto3', '3.3.1-r0', 'x86_64', 'openssl', '3.3.1-r0'],
    ]);
    expect(packages[1]).toMatchObject({ ecosystem: 'Alpine', purl: 'pkg:apk/alpine/libcrypto3@3.3.1-r0?arch=x86_64' });
  });

  it('reports entries without a version and lines without a key', () => {
    const { packages, errors } = apkExtractor.extract({ path: 'lib/apk/db/installed', text: 'P:busybox\nA:x86_64\n\n  junk\n' });
    expect(packages).toEqual([]);
    expect(errors).toEqual([
      { line: 1, message: 'package entry without V:' },
      { line: 4, message: 'malformed line:   junk' },
    ]);
  });
});
