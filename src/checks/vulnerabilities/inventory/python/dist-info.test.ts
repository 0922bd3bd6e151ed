import { describe, expect, it } from 'vitest';
import { distInfoExtractor } from './dist-info.js';

const METADATA = `Metadata-Version: 2.1
Name: PyYAML
Version: 6.0.1
Summary: YAML parser and emitter for Python
Requires-Python: >=3.6

Name: not-a-header
Version: 0.0.0 appears in the description body
`;

describe('python/dist-info', () => {
  it('matches dist-info METADATA and egg-info PKG-INFO', () => {
    expect(distInfoExtractor.matches('usr/lib/python3/dist-packages/PyYAML-6.0.1.dist-info/METADATA')).toBe(true);
    expect(distInfoExtractor.matches('site-packages/six-1.16.0.egg-info/PKG-INFO')).toBe(true);
    expect(distInfoExtractor.matches('site-packages/six-1.16.0.dist-info/RECORD')).toBe(false);
  });

  it('reads Name and Version from the header block only', () => {
    const { packages } = distInfoExtractor.extract({ path: 'x/PyYAML-6.0.1.dist-info/METADATA', text: METADATA });
    expect(packages.map((p) => [p.name, p.version, p.purl])).toEqual([['PyYAML', '6.0.1', 'pkg:pypi/pyyaml@6.0.1']]);
  });

  it('reports metadata without a version', () => {
    expect(distInfoExtractor.extract({ path: 'x.dist-info/METADATA', text: 'Name: x\n' }).errors).toEqual([{ message: 'metadata lacks Version' }]);
  });
});
