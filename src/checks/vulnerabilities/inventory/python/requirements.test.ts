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

  // pip's requirements file format (pip.pypa.io "Requirements File Format"): `<requirement> [; markers] [<option>...]`,
  // where the options are per-requirement (--hash, -C/--config-settings, --global-option), and `\` joins lines.
  it.each([
    ['a short per-requirement option', 'numpy==1.26.4 -C setup-args=-Dblas=openblas', 'numpy', '1.26.4'],
    ['the long per-requirement option', 'numpy==1.26.4 --config-settings=setup-args=-Dblas=openblas', 'numpy', '1.26.4'],
    ['a separate option value', 'numpy==1.26.4 --config-settings setup-args=x', 'numpy', '1.26.4'],
    ['a global option', 'pycurl==7.45.2 --global-option=--with-openssl', 'pycurl', '7.45.2'],
    ['several hashes', 'six==1.16.0 --hash=sha256:aa --hash=sha256:bb', 'six', '1.16.0'],
    ['a tab before the option', 'six==1.16.0\t--hash=sha256:aa', 'six', '1.16.0'],
    ['a marker without spaces', 'six==1.16.0;python_version<"3.8"', 'six', '1.16.0'],
    ['a marker then an option', 'six==1.16.0 ; python_version < "3.8" --hash=sha256:aa', 'six', '1.16.0'],
    ['extras with a space', 'requests[security, socks]==2.31.0', 'requests', '2.31.0'],
    ['arbitrary equality', 'legacy===1.0-custom', 'legacy', '1.0-custom'],
    ['a local version', 'torch==2.2.0+cpu', 'torch', '2.2.0+cpu'],
    ['a continuation inside the version (joined without a space, as pip does)', 'six==1.\\\n16.0', 'six', '1.16.0'],
    ['a continuation before the options', 'six==1.16.0 \\\n    -C a=b \\\n    --hash=sha256:aa', 'six', '1.16.0'],
  ])('keeps the pin with %s', (_name, text, name, version) => {
    const { packages, errors, skipped } = requirementsExtractor.extract({ path: 'requirements.txt', text });
    expect({ errors, skipped }).toEqual({ errors: [], skipped: undefined });
    expect(packages.map((p) => [p.name, p.version])).toEqual([[name, version]]);
  });

  it.each([
    ['an unexpanded environment variable', 'six==${SIX_VERSION}'],
    ['a second clause', 'six==1.16.0,!=1.16.1'],
    ['a direct reference', 'six @ https://example.com/six-1.16.0.tar.gz'],
    ['an archive URL', 'https://example.com/six-1.16.0.tar.gz'],
    ['a local wheel', './dist/six-1.16.0-py3-none-any.whl'],
    ['a relative archive path', 'dist/six-1.16.0.tar.gz'],
    ['a VCS URL', 'git+https://github.com/benjaminp/six.git@1.16.0#egg=six'],
    ['a Windows path', 'C:\\wheels\\six-1.16.0-py3-none-any.whl'],
  ])('does not read %s as a pin', (_name, text) => {
    const { packages, skipped } = requirementsExtractor.extract({ path: 'requirements.txt', text });
    expect(packages).toEqual([]);
    expect(skipped).toHaveLength(1);
  });

  it('does not continue a comment line, but a comment after a requirement swallows the continued line, as pip does', () => {
    const text = '# note \\\nsix==1.16.0\nattrs==23.1.0 # pinned \\\nidna==3.6\n';
    expect(requirementsExtractor.extract({ path: 'requirements.txt', text }).packages.map((p) => p.name)).toEqual(['six', 'attrs']);
  });

  it.each([
    ['an HTML error page', '<html><body>404 Not Found</body></html>'],
    ['a merge conflict', '<<<<<<< HEAD\nsix==1.16.0\n=======\nsix==1.17.0\n>>>>>>> main'],
    ['prose', 'Not Found'],
  ])('reports %s as an error, as pip refuses the file', (_name, text) => {
    const { errors } = requirementsExtractor.extract({ path: 'requirements.txt', text });
    expect(errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^not a requirement: /) });
  });
});
