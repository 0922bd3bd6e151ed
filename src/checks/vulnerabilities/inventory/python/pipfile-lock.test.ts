import { describe, expect, it } from 'vitest';
import { pipfileLockExtractor } from './pipfile-lock.js';

const LOCK = JSON.stringify({
  _meta: { hash: { sha256: 'abc' }, 'pipfile-spec': 6, requires: { python_version: '3.11' } },
  default: {
    certifi: { hashes: ['sha256:539cc1d1'], index: 'pypi', markers: "python_version >= '3.6'", version: '==2023.7.22' },
    mylib: { editable: true, path: '.' },
    urllib3: { version: '==2.0.7' },
  },
  develop: { pytest: { version: '==7.4.3' }, urllib3: { version: '==2.0.7' } },
});

describe('python/pipfile-lock', () => {
  it('reads default and develop, a package in both counting as production', () => {
    const { packages, errors } = pipfileLockExtractor.extract({ path: 'Pipfile.lock', text: LOCK });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.dev ?? false])).toEqual([
      ['certifi', '2023.7.22', false],
      ['urllib3', '2.0.7', false],
      ['pytest', '7.4.3', true],
    ]);
  });

  it('reports non-pinned versions and a malformed section', () => {
    const text = JSON.stringify({ default: { a: { version: '>=1' } }, develop: [] });
    expect(pipfileLockExtractor.extract({ path: 'Pipfile.lock', text }).errors).toEqual([
      { message: 'default.a: version ">=1" is not an == pin' },
      { message: '"develop" is not an object' },
    ]);
  });
});
