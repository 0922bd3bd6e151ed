import { describe, expect, it } from 'vitest';
import { packagesLockExtractor } from './packages-lock.js';

const LOCK = JSON.stringify({
  version: 1,
  dependencies: {
    'net8.0': {
      'Newtonsoft.Json': { type: 'Direct', requested: '[13.0.1, )', resolved: '13.0.1', contentHash: 'abc' },
      'System.Text.Encodings.Web': { type: 'Transitive', resolved: '4.7.1' },
      'Shop.Core': { type: 'Project', dependencies: {} },
    },
    'net6.0': { 'Newtonsoft.Json': { type: 'Direct', requested: '[13.0.1, )', resolved: '13.0.1' } },
  },
});

describe('dotnet/packages-lock', () => {
  it('reads resolved packages once across target frameworks, skipping project references', () => {
    const { packages, errors } = packagesLockExtractor.extract({ path: 'src/Shop/packages.lock.json', text: LOCK });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.ecosystem, p.purl])).toEqual([
      ['Newtonsoft.Json', '13.0.1', 'NuGet', 'pkg:nuget/Newtonsoft.Json@13.0.1'],
      ['System.Text.Encodings.Web', '4.7.1', 'NuGet', 'pkg:nuget/System.Text.Encodings.Web@4.7.1'],
    ]);
  });

  it('reports a lockfile without dependencies and entries without a resolved version', () => {
    expect(packagesLockExtractor.extract({ path: 'packages.lock.json', text: '{}' }).errors).toEqual([
      { message: 'packages.lock.json has no "dependencies" object' },
    ]);
    const text = JSON.stringify({ dependencies: { 'net8.0': { A: { type: 'Direct' } } } });
    expect(packagesLockExtractor.extract({ path: 'packages.lock.json', text }).errors).toEqual([{ message: 'net8.0/A has no resolved version' }]);
  });
});
