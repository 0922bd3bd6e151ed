import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../pipeline/rule-selection.js';
import { complianceDocsMarkdown } from './docs.js';
import { FRAMEWORKS } from './frameworks.js';
import { subjectOf } from './subjects.js';
import { FRAMEWORK_IDS } from './types.js';

const rules = new Map(allRules().map((rule) => [rule.meta.id, rule.meta]));

/** Rules whose silence cannot be read from a report (their subject depends on configuration or an installed mesh). */
const FINDINGS_ONLY = new Set(['k8s/image-registry-not-allowed', 'k8s/mesh-injection-opt-out', 'k8s/mesh-workload-not-injected']);

/**
 * CIS items a rule's metadata names that the CIS framework deliberately does not map to it: the finding does not show
 * the item is unmet.
 */
const NOT_EVIDENCE = new Set([
  // An escalation path to cluster-admin need not go through creating pods.
  'k8s/rbac-escalation-path 5.1.4',
]);

describe.each(FRAMEWORK_IDS)('framework %s as data', (id) => {
  const framework = FRAMEWORKS[id];

  it('names only rules that exist, each with a known subject', () => {
    const referenced = framework.controls.flatMap((control) => control.rules);
    expect(referenced.length).toBeGreaterThan(0);
    for (const rule of referenced) {
      expect(rules.has(rule), `${rule} is not a rule`).toBe(true);
      expect(subjectOf(rule) !== undefined || FINDINGS_ONLY.has(rule), `${rule} has no subject`).toBe(true);
    }
  });

  it('has unique control IDs, each in a declared section, with text and an audit where it is not automated', () => {
    const ids = framework.controls.map((control) => control.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sections = new Set(framework.sections.map((section) => section.id));
    for (const control of framework.controls) {
      expect(sections.has(control.section), control.id).toBe(true);
      expect(control.title.length, control.id).toBeGreaterThan(3);
      expect(control.description.length, control.id).toBeGreaterThan(10);
      if (control.coverage !== 'automated') expect(control.audit?.length ?? 0, control.id).toBeGreaterThan(30);
      for (const [rule, field] of Object.entries(control.fields ?? {})) {
        expect(control.rules).toContain(rule);
        expect(() => new RegExp(field)).not.toThrow();
      }
    }
  });
});

describe('framework coverage', () => {
  it('CIS lists every recommendation of v1.9, in order', () => {
    const ids = FRAMEWORKS.cis.controls.map((control) => control.id);
    const expected = [
      ...range('1.1', 21), ...range('1.2', 29), ...range('1.3', 7), ...range('1.4', 2), ...range('2', 7), ...range('3.1', 3), ...range('3.2', 2),
      ...range('4.1', 10), ...range('4.2', 13), ...range('4.3', 1), ...range('5.1', 13), ...range('5.2', 13), ...range('5.3', 2), ...range('5.4', 2),
      ...range('5.5', 1), ...range('5.7', 4),
    ];
    expect(ids).toEqual(expected);
  });

  it('CIS maps every rule to each benchmark item its metadata names (CIS Kubernetes numbering)', () => {
    const byId = new Map(FRAMEWORKS.cis.controls.map((control) => [control.id, control]));
    let checked = 0;
    for (const meta of rules.values()) {
      for (const reference of meta.references.cis ?? []) {
        const item = /^CIS Kubernetes (?:Benchmark v1\.9 )?(\d+(?:\.\d+)+)$/.exec(reference)?.[1];
        if (!item || NOT_EVIDENCE.has(`${meta.id} ${item}`)) continue;
        expect(byId.get(item)?.rules, `${meta.id} names CIS ${item}`).toContain(meta.id);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('PSS has one control per Pod Security Standards rule, at the rule\'s level', () => {
    const pssRules = [...rules.values()].filter((meta) => meta.controls?.some((c) => c.startsWith('pss:')));
    expect(pssRules.length).toBeGreaterThanOrEqual(19);
    for (const meta of pssRules) {
      const [, level, check] = meta.controls!.find((c) => c.startsWith('pss:'))!.split(':');
      const control = FRAMEWORKS.pss.controls.find((c) => c.rules.includes(meta.id));
      expect(control?.id, meta.id).toBe(`${level}/${check}`);
      expect(control?.level).toBe(level);
    }
    expect(FRAMEWORKS.pss.controls.length).toBe(pssRules.length);
  });

  it('NSA covers each chapter of the guide and names its Kubescape counterparts', () => {
    const sections = new Set(FRAMEWORKS.nsa.controls.map((control) => control.section));
    expect([...sections]).toEqual(FRAMEWORKS.nsa.sections.map((section) => section.id));
    const kubescape = FRAMEWORKS.nsa.controls.flatMap((control) => control.seeAlso ?? []);
    // Kubescape's NSA framework controls that check configuration Rampart judges (not its CVE-specific ones).
    for (const id of ['C-0002', 'C-0005', 'C-0012', 'C-0013', 'C-0016', 'C-0017', 'C-0030', 'C-0034', 'C-0035', 'C-0038', 'C-0041', 'C-0044', 'C-0046', 'C-0054', 'C-0055', 'C-0057', 'C-0066', 'C-0067', 'C-0068', 'C-0069', 'C-0070', 'C-0270', 'C-0271']) {
      expect(kubescape, id).toContain(`Kubescape ${id}`);
    }
  });
});

function range(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}.${i + 1}`);
}

describe('docs/compliance.md', () => {
  it('is generated from the framework data (rebuild it with complianceDocsMarkdown())', () => {
    const docs = readFileSync(join(import.meta.dirname, '../../../docs/compliance.md'), 'utf8');
    expect(docs).toBe(complianceDocsMarkdown());
    for (const id of FRAMEWORK_IDS) for (const control of FRAMEWORKS[id].controls) expect(docs).toContain(`| ${control.id} |`);
  });
});
