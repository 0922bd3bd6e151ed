import { GitOutputError } from './nul-tokens.js';

export interface CommitInfo {
  oid: string;
  /** Strict ISO 8601, as git prints `%aI`. */
  authorDate: string;
  author: string;
}

/** A file whose new content a commit (or the index) introduces. */
export interface AddedBlob {
  oid: string;
  path: string;
}

export type RawEvent = { kind: 'commit'; commit: CommitInfo } | { kind: 'blob'; blob: AddedBlob };

/** `git log` format matching the commit header this parser reads: `%H`, `%aI`, `%aN` as three NUL-ended fields. */
export const COMMIT_FORMAT = '--format=%H%x00%aI%x00%aN';

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const GITLINK_MODE = '160000';
/** Added, modified, type-changed, copied, renamed: every status whose destination holds new content. */
const CONTENT_STATUSES = new Set(['A', 'M', 'T', 'C', 'R']);
// C0 controls and DEL: an author name is attacker-chosen text that ends up on terminals.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

interface RawEntry {
  mode: string;
  oid: string;
  status: string;
}

/**
 * Reads `--raw -z` output, with commit headers (`git log`) or without (`git diff --cached`), as a stream of commits and
 * the blobs each adds or modifies. Deletions, submodules (gitlinks) and the all-zero "no object" are left out. Fields
 * are positional: after a raw entry come its one path (two for renames and copies), after a commit ID its date and
 * author, so a path that looks like a commit ID is never mistaken for one.
 */
export async function* parseRawDiff(fields: AsyncIterable<Buffer>): AsyncGenerator<RawEvent> {
  let expect: 'any' | 'date' | 'author' | 'path' = 'any';
  let pathsLeft = 0;
  let entry: RawEntry | undefined;
  let commit: CommitInfo = { oid: '', authorDate: '', author: '' };
  for await (const field of fields) {
    switch (expect) {
      case 'any': {
        // git separates the commit header from its first raw entry with a newline.
        const text = field.toString('latin1').replace(/^\n+/, '');
        if (text.startsWith(':')) {
          entry = parseEntry(text);
          pathsLeft = entry.status.startsWith('R') || entry.status.startsWith('C') ? 2 : 1;
          expect = 'path';
        } else if (OBJECT_ID.test(text)) {
          commit = { oid: text, authorDate: '', author: '' };
          expect = 'date';
        } else if (text !== '') {
          throw new GitOutputError(`unexpected field in git output: ${JSON.stringify(text.slice(0, 80))}`);
        }
        break;
      }
      case 'date':
        commit.authorDate = field.toString('latin1');
        expect = 'author';
        break;
      case 'author':
        commit.author = field.toString('utf8').replace(CONTROL_CHARS, '');
        yield { kind: 'commit', commit };
        expect = 'any';
        break;
      case 'path':
        pathsLeft--;
        if (pathsLeft > 0) break;
        expect = 'any';
        if (entry && carriesNewContent(entry)) yield { kind: 'blob', blob: { oid: entry.oid, path: field.toString('utf8') } };
        break;
    }
  }
  if (expect !== 'any') throw new GitOutputError('git output ended in the middle of an entry');
}

function parseEntry(text: string): RawEntry {
  // `:<old mode> <new mode> <old oid> <new oid> <status>[score]`
  const parts = text.slice(1).split(' ');
  const [, mode, , oid, status] = parts;
  if (parts.length !== 5 || !mode || !oid || !OBJECT_ID.test(oid) || !status) {
    throw new GitOutputError(`malformed raw diff entry: ${JSON.stringify(text.slice(0, 120))}`);
  }
  return { mode, oid, status: status.charAt(0) };
}

function carriesNewContent(entry: RawEntry): boolean {
  return CONTENT_STATUSES.has(entry.status) && entry.mode !== GITLINK_MODE && !/^0+$/.test(entry.oid);
}
