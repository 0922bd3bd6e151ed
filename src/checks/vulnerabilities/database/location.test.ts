import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, downloadsDirFor, resolveDatabasePath, statePathFor } from './location.js';

describe('database location', () => {
  it('prefers $RAMPART_DB, then $XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultDatabasePath({ RAMPART_DB: '/data/osv.db', XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/data/osv.db');
    expect(defaultDatabasePath({ XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/rampart/osv/osv.sqlite');
    expect(defaultDatabasePath({ RAMPART_CACHE_DIR: '/var/cache/rampart', XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/var/cache/rampart/osv/osv.sqlite');
    expect(defaultDatabasePath({ RAMPART_CACHE_DIR: 'cache' }, '/home/u', '/work')).toBe('/work/cache/osv/osv.sqlite');
    expect(defaultDatabasePath({}, '/home/u')).toBe('/home/u/.cache/rampart/osv/osv.sqlite');
    // The XDG spec says a relative value is invalid and must be ignored.
    expect(defaultDatabasePath({ XDG_CACHE_HOME: 'relative', RAMPART_DB: '' }, '/home/u')).toBe('/home/u/.cache/rampart/osv/osv.sqlite');
  });

  it('resolves --db against the working directory and derives the side files', () => {
    expect(resolveDatabasePath('db/osv.sqlite', { RAMPART_DB: '/ignored' }, '/work', '/home/u')).toBe('/work/db/osv.sqlite');
    expect(resolveDatabasePath(undefined, {}, '/work', '/home/u')).toBe('/home/u/.cache/rampart/osv/osv.sqlite');
    expect(resolveDatabasePath(undefined, { RAMPART_DB: 'osv.db' }, '/work', '/home/u')).toBe('/work/osv.db');
    expect(statePathFor('/d/osv.sqlite')).toBe('/d/osv.sqlite.state.json');
    expect(downloadsDirFor('/d/osv.sqlite')).toBe('/d/osv.sqlite.downloads');
  });
});
