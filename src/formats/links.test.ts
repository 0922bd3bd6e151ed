import { describe, expect, it } from 'vitest';
import { markdownReference, referenceLines } from './format.js';
import { ruleAnchor, ruleDocsUrl } from './links.js';
import { formatRuleCatalog } from './rule-catalog.js';
import { LATEST_TAG_RULE, PRIVILEGED_RULE } from './testdata/reports.js';

describe('rule documentation links', () => {
  it('point at the heading docs/rules.md generates for the rule', () => {
    const catalog = formatRuleCatalog([PRIVILEGED_RULE, LATEST_TAG_RULE], 'md');
    expect(catalog).toContain('### k8s/pss-privileged\n');
    expect(ruleAnchor('k8s/pss-privileged')).toBe('k8spss-privileged');
    expect(catalog).toContain(`](#${ruleAnchor('docker/no-latest-tag')})`);
    expect(ruleDocsUrl('k8s/pss-privileged')).toMatch(/\/docs\/rules\.md#k8spss-privileged$/);
  });
});

describe('references', () => {
  it('lists PSS, CIS, NSA and URLs in that order', () => {
    expect(referenceLines({ urls: ['https://a.example'], nsa: 'Pod security', cis: ['CIS 5.2.2'], pss: 'Privileged Containers' })).toEqual([
      'Pod Security Standards: Privileged Containers',
      'CIS 5.2.2',
      'NSA/CISA Kubernetes Hardening Guidance: Pod security',
      'https://a.example',
    ]);
    expect(referenceLines({})).toEqual([]);
  });

  it('autolinks URLs in Markdown without letting angle brackets end the link', () => {
    expect(markdownReference('https://a.example/x?<y>')).toBe('<https://a.example/x?%3Cy%3E>');
    expect(markdownReference('CIS 5.2.2')).toBe('CIS 5.2.2');
  });
});
