/** The project's home; SARIF viewers link to it and to the rule docs below it. */
export const PROJECT_URL = 'https://github.com/rampart-dev/rampart';

/** docs/rules.md is generated from rule metadata with one heading per rule ID; GitHub slugs drop `/`. */
export function ruleDocsUrl(ruleId: string): string {
  const anchor = ruleId.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
  return `${PROJECT_URL}/blob/main/docs/rules.md#${anchor}`;
}
