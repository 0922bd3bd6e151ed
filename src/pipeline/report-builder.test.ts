import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../core/fingerprint.js';
import type { RuleMeta } from '../core/rule.js';
import type { RuleHit } from '../core/rule-hit.js';
import { buildReport, type ScanState } from './report-builder.js';
import type { RuleSelection } from './rule-selection.js';

const META: RuleMeta = {
  id: 'k8s/test-rule',
  title: 'test',
  severity: 'low',
  target: 'kubernetes',
  rationale: 'a rule used only by the report builder tests',
  remediation: 'none needed',
  references: {},
  aliases: { trivy: ['AVD-TEST-0001'] },
};

const selection: RuleSelection = { kubernetes: [], kubernetesSet: [], dockerfile: [], image: [], secret: [], metas: [META], severityOf: () => 'low', isEnabled: () => true };

function hit(line: number, message: string): RuleHit {
  return { meta: META, message, location: { file: 'a.yaml', startLine: line, startColumn: 3, endLine: line, endColumn: 9 }, fieldPath: 'spec', identity: `Pod/x#${message}` };
}

function report(hits: RuleHit[]) {
  const state: ScanState = {
    hits,
    errors: [],
    directives: new Map(),
    selection,
    options: { exemptions: [], ignoreEntries: [], strict: false },
    now: new Date('2026-01-01T00:00:00Z'),
    started: performance.now(),
    files: 1,
    resources: 1,
    packages: 0,
    vulnerabilities: [],
  };
  return buildReport(state).report;
}

describe('buildReport', () => {
  it('reports a hit repeated at one place once, and different messages at one place each', () => {
    const findings = report([hit(4, 'first'), hit(4, 'first'), hit(4, 'second'), hit(5, 'first'), hit(4, 'second')]).findings;
    expect(findings.map((f) => [f.location.startLine, f.message])).toEqual([
      [4, 'first'],
      [4, 'second'],
      [5, 'first'],
    ]);
  });

  it('gives every finding its own alias list and a SHA-256 fingerprint of rule, file and identity', () => {
    const [a, b] = report([hit(4, 'first'), hit(5, 'second')]).findings;
    expect(a!.aliases).toEqual(['AVD-TEST-0001']);
    expect(a!.aliases).not.toBe(b!.aliases);
    const expected = createHash('sha256').update('k8s/test-rule\0a.yaml\0Pod/x#first').digest('hex').slice(0, 32);
    expect(a!.fingerprint).toBe(expected);
    expect(fingerprintOf('k8s/test-rule', 'a.yaml', 'Pod/x#first')).toBe(expected);
  });
});
