import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ResultBuilder } from '../lines.js';
import type { BinaryInput, Extractor, ExtractResult } from '../../../../core/package.js';
import { osPackage } from './os-package.js';
import { parseRpmHeader, parseSourceRpm } from './rpm-header.js';
import { lazyRequire } from '../../../../core/lazy-require.js';

/** Only images with an rpm database need SQLite; every scan that looks for lockfiles loads this module. */
const sqlite = lazyRequire<typeof Database>(import.meta.url, 'better-sqlite3');

/** Reads every header blob; SQLite needs a real file, so the bytes go to a private temp copy opened read-only. */
function readBlobs(bytes: Uint8Array, builder: ResultBuilder): Array<{ hnum: number; blob: Uint8Array }> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-rpmdb-'));
  try {
    const file = join(dir, 'rpmdb.sqlite');
    writeFileSync(file, bytes);
    const db = new (sqlite())(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT hnum, blob FROM Packages').all() as Array<{ hnum: unknown; blob: unknown }>;
      return rows.flatMap((row) =>
        row.blob instanceof Uint8Array && typeof row.hnum === 'number' ? [{ hnum: row.hnum, blob: row.blob }] : [],
      );
    } finally {
      db.close();
    }
  } catch (err) {
    builder.error(`cannot read rpm database: ${(err as Error).message}`);
    return [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const rpmExtractor: Extractor = {
  name: 'os/rpm',
  matches: (path) => path === 'var/lib/rpm/rpmdb.sqlite' || path === 'usr/lib/sysimage/rpm/rpmdb.sqlite',
  extract({ path }): ExtractResult {
    return { packages: [], errors: [{ message: `${path} is a binary SQLite database; read it with extractBinary` }] };
  },
  extractBinary({ path, bytes }: BinaryInput): ExtractResult {
    const builder = new ResultBuilder();
    for (const { hnum, blob } of readBlobs(bytes, builder)) {
      const parsed = parseRpmHeader(blob);
      if ('error' in parsed) {
        builder.error(`package #${hnum}: ${parsed.error}`);
        continue;
      }
      const { header } = parsed;
      // Imported signing keys are stored as pseudo-packages; they are not software.
      if (header.name === 'gpg-pubkey') continue;
      const epochPrefix = header.epoch ? `${header.epoch}:` : '';
      const version = `${epochPrefix}${header.version}-${header.release}`;
      const source = header.sourceRpm ? parseSourceRpm(header.sourceRpm) : undefined;
      builder.add(
        osPackage('rpm', {
          name: header.name,
          version,
          file: path,
          sourceName: source?.name ?? header.name,
          sourceVersion: source ? `${epochPrefix}${source.version}` : version,
          ...(header.arch ? { arch: header.arch } : {}),
        }),
      );
    }
    return builder.result();
  },
};
