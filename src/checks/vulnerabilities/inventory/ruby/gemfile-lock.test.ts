import { describe, expect, it } from 'vitest';
import { gemfileLockExtractor } from './gemfile-lock.js';

const LOCK = `GIT
  remote: https://github.com/me/forked.git
  revision: 0123abcd
  specs:
    forked (0.1.0)

GEM
  remote: https://rubygems.org/
  specs:
    actionpack (7.1.1)
      rack (>= 2.2.4)
    nokogiri (1.15.4-x86_64-linux)
      racc (~> 1.4)
    rack (3.0.8)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  actionpack (~> 7.1)

BUNDLED WITH
   2.4.21
`;

describe('ruby/gemfile-lock', () => {
  it('reads GEM specs, dropping the platform suffix and dependency lines', () => {
    const { packages, errors } = gemfileLockExtractor.extract({ path: 'Gemfile.lock', text: LOCK });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.purl])).toEqual([
      ['actionpack', '7.1.1', 'pkg:gem/actionpack@7.1.1'],
      ['nokogiri', '1.15.4', 'pkg:gem/nokogiri@1.15.4'],
      ['rack', '3.0.8', 'pkg:gem/rack@3.0.8'],
    ]);
    expect(packages[0]!.ecosystem).toBe('RubyGems');
  });

  it('reports spec lines without a version', () => {
    expect(gemfileLockExtractor.extract({ path: 'Gemfile.lock', text: 'GEM\n  specs:\n    rack\n' }).errors).toEqual([
      { line: 3, message: 'malformed spec line: rack' },
    ]);
  });
});
