import { describe, expect, it } from 'vitest';
import type { Fix, TextEdit } from '../core/fix.js';
import { applyTextEdits } from './text-edits.js';

const DOCKERFILE = 'FROM node:20\nRUN apt-get update && apt-get install -y curl\nADD app.tar.gz /app\nCMD node server.js\n';

function textFix(description: string, ...edits: TextEdit[]): Fix {
  return { kind: 'text-edit', description, edits };
}

function replaceText(search: string, text: string): TextEdit {
  const start = DOCKERFILE.indexOf(search);
  if (start < 0) throw new Error(`${search} not in the Dockerfile`);
  return { range: [start, start + search.length], text };
}

describe('applyTextEdits', () => {
  it('applies edits given in any order against the original offsets', () => {
    const result = applyTextEdits(DOCKERFILE, [
      textFix('COPY instead of ADD', replaceText('ADD', 'COPY')),
      textFix('pin the base image', replaceText('node:20', 'node:20.11.1')),
      textFix('no recommends', replaceText('install -y', 'install -y --no-install-recommends')),
      textFix('run as non-root', { range: [DOCKERFILE.indexOf('CMD'), DOCKERFILE.indexOf('CMD')], text: 'USER node\n' }),
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.applied).toBe(4);
    expect(result.output).toBe(
      'FROM node:20.11.1\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCOPY app.tar.gz /app\nUSER node\nCMD node server.js\n',
    );
  });

  it('skips a fix that overlaps an earlier one, keeping all of its edits out', () => {
    const result = applyTextEdits(DOCKERFILE, [
      textFix('pin the base image', replaceText('node:20', 'node:20.11.1')),
      textFix('digest and COPY', replaceText('ADD', 'COPY'), replaceText('FROM node:20', 'FROM node@sha256:abc')),
    ]);
    expect(result.applied).toBe(1);
    expect(result.skipped).toEqual([{ description: 'digest and COPY', reason: "overlaps another fix's edit at offsets 5-12" }]);
    expect(result.output).toBe(DOCKERFILE.replace('node:20', 'node:20.11.1'));
  });

  it('treats two inserts at one offset as a conflict, and an identical edit as agreement', () => {
    const end = DOCKERFILE.length;
    const result = applyTextEdits(DOCKERFILE, [
      textFix('healthcheck', { range: [end, end], text: 'HEALTHCHECK CMD curl -f http://localhost/\n' }),
      textFix('user', { range: [end, end], text: 'USER node\n' }),
      textFix('COPY', replaceText('ADD', 'COPY')),
      textFix('COPY again', replaceText('ADD', 'COPY')),
    ]);
    expect(result.applied).toBe(2);
    expect(result.skipped.map((s) => s.description)).toEqual(['user']);
    expect(result.output).toBe(DOCKERFILE.replace('ADD', 'COPY') + 'HEALTHCHECK CMD curl -f http://localhost/\n');
  });

  it('skips edits outside the file, overlapping edits within one fix, and object patches', () => {
    const result = applyTextEdits(DOCKERFILE, [
      textFix('stale', { range: [DOCKERFILE.length, DOCKERFILE.length + 4], text: 'x' }),
      textFix('self-overlap', { range: [0, 4], text: 'from' }, { range: [2, 6], text: 'x' }),
      { kind: 'object-patch', description: 'yaml', ops: [] },
    ]);
    expect(result.output).toBe(DOCKERFILE);
    expect(result.applied).toBe(0);
    expect(result.skipped).toEqual([
      { description: 'stale', reason: `edit range ${DOCKERFILE.length}-${DOCKERFILE.length + 4} lies outside the file (${DOCKERFILE.length} characters); the file changed since the scan` },
      { description: 'self-overlap', reason: 'the fix contains overlapping edits' },
      { description: 'yaml', reason: 'not a text edit' },
    ]);
  });
});
