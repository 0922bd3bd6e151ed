import type { RuleSettings } from '../../../core/settings.js';

/** Test support for PSS rules (only imported by tests; a candidate for src/testing, which builds exclude). */
export function atVersion(minor: number, level: 'baseline' | 'restricted' = 'restricted'): Partial<RuleSettings> {
  return { pss: { level, version: { major: 1, minor } } };
}

/** A CronJob wrapping the given pod spec, written at the depth CronJob templates live. */
export function cronJob(spec: string): string {
  const body = spec
    .replace(/^\n+|\s+$/g, '')
    .split('\n');
  const common = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata:',
    '  name: nightly',
    'spec:',
    '  schedule: "0 3 * * *"',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    ...body.map((l) => (l.trim() ? '          ' + l.slice(common) : '')),
  ].join('\n');
}
