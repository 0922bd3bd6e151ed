import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serviceLogger } from './logger.js';

let dir: string;
let file: string;
let fd: number;
let logger: Logger | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-logger-'));
  file = join(dir, 'log');
  fd = openSync(file, 'w');
});
afterEach(async () => {
  // Ending the destination stops its flush timer and closes the file descriptor it was given.
  const destination = (logger as unknown as Record<symbol, unknown> | undefined)?.[pino.symbols.streamSym] as { end(): void; once(event: string, listener: () => void): void } | undefined;
  if (destination) await new Promise<void>((resolve) => (destination.once('close', resolve), destination.end()));
  else closeSync(fd);
  logger = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const lines = () =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('serviceLogger', () => {
  it('writes JSON lines with the component and level in batches, within about a second of logging', async () => {
    logger = serviceLogger('test-service', 'debug', fd);
    logger.info({ n: 1 }, 'first');
    logger.debug('second');
    logger.trace('below the level');
    // Batched: a line is not a write of its own.
    expect(readFileSync(file, 'utf8')).toBe('');
    for (let waited = 0; lines().length < 2 && waited < 3000; waited += 100) await sleep(100);
    expect(lines()).toEqual([
      expect.objectContaining({ component: 'test-service', level: 30, n: 1, msg: 'first' }),
      expect.objectContaining({ component: 'test-service', level: 20, msg: 'second' }),
    ]);
  });

  it('writes as soon as a batch is full', async () => {
    logger = serviceLogger('test-service', 'info', fd);
    for (let i = 0; i < 100; i++) logger.info({ i, padding: 'x'.repeat(100) }, 'line');
    for (let waited = 0; lines().length === 0 && waited < 500; waited += 10) await sleep(10);
    expect(lines().length).toBeGreaterThan(0);
    expect(lines()[0]).toMatchObject({ i: 0, msg: 'line' });
  });
});
