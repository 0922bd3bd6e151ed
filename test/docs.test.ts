import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cliDocsMarkdown } from '../src/cli/cli-docs.js';
import { allRules, validateRuleIds } from '../src/pipeline/rule-selection.js';
import { formatRuleCatalog } from '../src/formats/rule-catalog.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('generated documentation is current', () => {
  it('docs/rules.md matches the rules\' metadata (run `npm run docs:rules`)', () => {
    expect(read('docs/rules.md')).toBe(formatRuleCatalog(allRules().map((r) => r.meta), 'md'));
  });

  it('docs/cli.md matches the option tables (run `npm run docs:cli`)', async () => {
    expect(read('docs/cli.md')).toBe(await cliDocsMarkdown());
  });
});

describe('rule IDs and catalogue', () => {
  it('has unique, well-formed IDs and complete metadata', () => {
    expect(() => validateRuleIds()).not.toThrow();
    for (const { meta } of allRules()) {
      expect(meta.title, meta.id).not.toBe('');
      expect(meta.rationale.length, meta.id).toBeGreaterThan(20);
      expect(meta.remediation.length, meta.id).toBeGreaterThan(10);
    }
  });

  it('meets the coverage promised: at least 45 Kubernetes and 30 Dockerfile rules', () => {
    const targets = allRules().map((r) => r.meta.target);
    expect(targets.filter((t) => t === 'kubernetes').length).toBeGreaterThanOrEqual(45);
    expect(targets.filter((t) => t === 'dockerfile').length).toBeGreaterThanOrEqual(30);
  });
});
