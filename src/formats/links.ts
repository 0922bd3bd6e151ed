/** The project's home; SARIF viewers link to it and to the rule docs below it. */
export const PROJECT_URL = 'https://github.com/rampart-dev/rampart';

/** The GitHub heading slug of a rule's `### <id>` section in docs/rules.md (GitHub drops `/`). */
export function ruleAnchor(ruleId: string): string {
  return ruleId.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}

export function ruleDocsUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/docs/rules.md#${ruleAnchor(ruleId)}`;
}

/** Where an advisory ID is published: CVEs at NVD, everything else (GHSA, PYSEC, DSA, ALSA, ...) through OSV. */
export function advisorySource(id: string): { name: string; url: string } {
  const encoded = encodeURIComponent(id);
  return /^CVE-\d{4}-\d+$/i.test(id)
    ? { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${encoded}` }
    : { name: 'OSV', url: `https://osv.dev/vulnerability/${encoded}` };
}
