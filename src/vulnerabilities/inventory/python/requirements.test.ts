import { describe, expect, it } from 'vitest';
import { requirementsExtractor } from './requirements.js';

const TEXT = `# production pins
--index-url https://pypi.org/simple
-r base.txt
-e git+https://github.com/me/lib.git#egg=lib
Django==4.2.7
zope.interface == 6.1  # inline comment
requests[security,socks]==2.31.0 ; python_version >= "3.8"
cryptography==41.0.5 \\
    --hash=sha256:13f93ce9bea8016c253b34afc6bd6a75993e5c40672ed5405a9c832f0d4a00bc
flask>=2.0
numpy==1.26.*
celery
`;

describe('python/requirements', () => {
  it('matches requirements*.txt and files in a requirements/ folder', () => {
    expect(requirementsExtractor.matches('requirements.txt')).toBe(true);
    expect(requirementsExtractor.matches('svc/requirements-dev.txt')).toBe(true);
    expect(requirementsExtractor.matches('requirements/prod.txt')).toBe(true);
    expect(requirementsExtractor.matches('docs/notes.txt')).toBe(false);
  });

  it('reads == pins with extras, markers, hashes and continuations; PEP 503 names in the purl', () => {
    const { packages, errors, skipped } = requirementsExtractor.extract({ path: 'requirements.txt', text: TEXT });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.purl])).toEqual([
      ['Django', '4.2.7', 'pkg:pypi/django@4.2.7'],
      ['zope.interface', '6.1', 'pkg:pypi/zope-interface@6.1'],
      ['requests', '2.31.0', 'pkg:pypi/requests@2.31.0'],
      ['cryptography', '41.0.5', 'pkg:pypi/cryptography@41.0.5'],
    ]);
    expect(packages[0]!.ecosystem).toBe('PyPI');
    expect(skipped).toEqual([
      { line: 10, message: 'not pinned with ==: flask>=2.0' },
      { line: 11, message: 'not pinned with ==: numpy==1.26.*' },
      { line: 12, message: 'not pinned with ==: celery' },
    ]);
  });
});
