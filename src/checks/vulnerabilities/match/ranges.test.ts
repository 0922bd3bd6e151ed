import { describe, expect, it } from 'vitest';
import type { AffectedRow } from '../database/index.js';
import { evaluateAffected } from './ranges.js';

const row = (ranges: AffectedRow['ranges'], versions: string[] = []): AffectedRow => ({
  package: { ecosystem: 'PyPI', name: 'beaker' },
  ranges,
  versions,
});

describe('evaluateAffected', () => {
  it('caps a range with limit events', () => {
    const affected = row([{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { limit: '2.0' }] }]);
    expect(evaluateAffected('PyPI', '1.5', affected)).toEqual({ kind: 'affected', fixed: [] });
    expect(evaluateAffected('PyPI', '2.0', affected)).toEqual({ kind: 'not-affected' });
    expect(evaluateAffected('PyPI', '0.9', affected)).toEqual({ kind: 'not-affected' });
  });

  it('ignores GIT ranges unless the version is listed (PYSEC-2012-1 without its ECOSYSTEM range)', () => {
    const git = { type: 'GIT' as const, repo: 'https://github.com/bbangert/beaker', events: [{ introduced: '0' }, { fixed: '91becae76101cf87ce8cbfabe3af2622fc328fe5' }] };
    expect(evaluateAffected('PyPI', '1.6.4', row([git]))).toEqual({ kind: 'not-affected' });
    expect(evaluateAffected('PyPI', '1.6.4', row([git], ['1.6.4']))).toEqual({ kind: 'affected', fixed: [] });
  });

  it('reports an event version the ecosystem cannot order, unless the version is listed', () => {
    const affected = row([{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: 'v1.2' }] }]);
    expect(evaluateAffected('npm', '1.0.0', affected)).toEqual({ kind: 'unparsable', version: 'v1.2' });
    expect(evaluateAffected('npm', '1.0.0', { ...affected, versions: ['1.0.0'] })).toEqual({ kind: 'affected', fixed: [] });
  });

  it('orders SEMVER ranges by SemVer 2.0 even in another ecosystem', () => {
    // PEP 440 would call 1.0.0-rc.1 a valid prerelease too, but SemVer puts 1.0.0-rc.1 < 1.0.0-rc.10.
    const affected = row([{ type: 'SEMVER', events: [{ introduced: '1.0.0-rc.2' }, { fixed: '1.0.0-rc.10' }] }]);
    expect(evaluateAffected('PyPI', '1.0.0-rc.9', affected).kind).toBe('affected');
    expect(evaluateAffected('PyPI', '1.0.0-rc.10', affected).kind).toBe('not-affected');
  });

  it('re-opens after a fix when a later introduced comes, and lists every fix above the version', () => {
    const affected = row([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1' }, { introduced: '2.0' }, { last_affected: '2.3' }] }]);
    expect(evaluateAffected('PyPI', '1.0', affected)).toEqual({ kind: 'affected', fixed: ['1.1'] });
    expect(evaluateAffected('PyPI', '1.5', affected)).toEqual({ kind: 'not-affected' });
    expect(evaluateAffected('PyPI', '2.3', affected)).toEqual({ kind: 'affected', fixed: [] });
    expect(evaluateAffected('PyPI', '2.3.1', affected)).toEqual({ kind: 'not-affected' });
  });
});
