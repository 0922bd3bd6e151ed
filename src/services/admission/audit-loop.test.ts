import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { auditPeriodically, type AuditSummary } from './audit-loop.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ base: null }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>), done()) }));
  return { lines, logger };
}

const summary: AuditSummary = { objects: 3, entries: [{}, {}], written: 1, errors: [] };

describe('auditPeriodically', () => {
  it('runs at once, then again after each interval, never two at a time', async () => {
    const { lines, logger } = capture();
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const loop = auditPeriodically(async () => {
      runs += 1;
      active += 1;
      overlapped ||= active > 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
      active -= 1;
      if (runs === 2) throw new Error('list namespaces: 403 Forbidden');
      return summary;
    }, 10, logger);
    await expect.poll(() => runs, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    await loop.stop();
    expect(overlapped).toBe(false);
    expect(lines.find((l) => l.msg === 'background audit done')).toMatchObject({ objects: 3, results: 2, reports: 1, errors: 0 });
    expect(lines.find((l) => l.msg === 'background audit failed')).toMatchObject({ level: 40, err: 'list namespaces: 403 Forbidden' });
  });

  it('cancels the run in progress on stop and schedules no other', async () => {
    const { lines, logger } = capture();
    let runs = 0;
    let sawAbort = false;
    const loop = auditPeriodically((signal) => {
      runs += 1;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => ((sawAbort = true), reject(signal.reason as Error))));
    }, 10, logger);
    await loop.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sawAbort).toBe(true);
    expect(runs).toBe(1);
    expect(lines.filter((l) => l.msg === 'background audit failed')).toEqual([]);
  });
});
