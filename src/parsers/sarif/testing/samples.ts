/**
 * SARIF logs in the shapes the real tools write (written for these tests from the tools' documented output, not
 * copied): Semgrep (rules on the driver, `%SRCROOT%`-relative URIs, `matchBasedId/v1` fingerprints), CodeQL (rules on
 * the query pack under `tool.extensions`, referenced by `rule.index` and `toolComponent`, `security-severity`, line-hash
 * partial fingerprints, messages with embedded links), and gosec (CWE taxonomies, `level` per result, in-source
 * suppressions from `#nosec`).
 */

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SampleResult {
  file: string;
  line: number;
}

export function semgrepLog(results: SampleResult[]): object {
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: [] }],
        results: results.map((r, i) => ({
          fingerprints: { 'matchBasedId/v1': `a1b2c3d4e5f6${String(i).padStart(4, '0')}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%' }, region: { startLine: r.line, startColumn: 5, endLine: r.line, endColumn: 27, snippet: { text: 'requires login' } } } }],
          message: { text: 'Detected the use of eval(). eval() can be dangerous if used to evaluate dynamic content.' },
          properties: {},
          ruleId: 'javascript.browser.security.eval-detected.eval-detected',
        })),
        tool: {
          driver: {
            name: 'Semgrep OSS',
            semanticVersion: '1.97.0',
            rules: [
              {
                id: 'javascript.browser.security.eval-detected.eval-detected',
                name: 'javascript.browser.security.eval-detected.eval-detected',
                shortDescription: { text: 'Semgrep Finding: javascript.browser.security.eval-detected.eval-detected' },
                fullDescription: { text: 'Detected the use of eval(). eval() can be dangerous if used to evaluate dynamic content.' },
                defaultConfiguration: { level: 'warning' },
                help: { text: 'Avoid eval(); parse the data instead.', markdown: 'Avoid `eval()`; parse the data instead.' },
                helpUri: 'https://semgrep.dev/r/javascript.browser.security.eval-detected.eval-detected',
                properties: { precision: 'very-high', tags: ['CWE-95: Improper Neutralization of Directives in Dynamically Evaluated Code', 'MEDIUM CONFIDENCE', 'security'] },
              },
            ],
          },
        },
      },
    ],
  };
}

export function codeqlLog(results: SampleResult[]): object {
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'CodeQL', organization: 'GitHub', semanticVersion: '2.19.3', notifications: [], rules: [] },
          extensions: [
            {
              name: 'codeql/javascript-queries',
              semanticVersion: '1.2.3',
              rules: [
                {
                  id: 'js/xss',
                  name: 'js/xss',
                  shortDescription: { text: 'Client-side cross-site scripting' },
                  fullDescription: { text: 'Writing user input directly to the DOM allows for a cross-site scripting vulnerability.' },
                  defaultConfiguration: { enabled: true, level: 'error' },
                  properties: { tags: ['security', 'external/cwe/cwe-079'], kind: 'path-problem', precision: 'high', 'security-severity': '6.1' },
                },
                {
                  id: 'js/sql-injection',
                  name: 'js/sql-injection',
                  shortDescription: { text: 'Database query built from user-controlled sources' },
                  fullDescription: { text: 'Building a database query from user-controlled sources is vulnerable to insertion of malicious code by the user.' },
                  defaultConfiguration: { enabled: true, level: 'error' },
                  help: { text: '# Database query built from user-controlled sources\nUse prepared statements.', markdown: '# Database query built from user-controlled sources\nUse prepared statements.' },
                  properties: { tags: ['security', 'external/cwe/cwe-089'], kind: 'path-problem', precision: 'high', 'security-severity': '8.8' },
                },
              ],
            },
          ],
        },
        artifacts: results.map((r) => ({ location: { uri: r.file, uriBaseId: '%SRCROOT%' } })),
        results: results.map((r, i) => ({
          ruleId: 'js/sql-injection',
          ruleIndex: 1,
          rule: { id: 'js/sql-injection', index: 1, toolComponent: { index: 0 } },
          message: { text: 'This query string depends on a [user-provided value](1).' },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%', index: i }, region: { startLine: r.line, startColumn: 19, endColumn: 42 } } }],
          partialFingerprints: { primaryLocationLineHash: `9f8e7d6c5b4a${i}:1`, primaryLocationStartColumnFingerprint: '14' },
          relatedLocations: [{ id: 1, physicalLocation: { artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%', index: i }, region: { startLine: Math.max(1, r.line - 2), startColumn: 20, endColumn: 29 } }, message: { text: 'user-provided value' } }],
        })),
        columnKind: 'utf16CodeUnits',
        properties: { semmle: { formatSpecifier: 'sarif-latest' } },
      },
    ],
  };
}

/** `suppressed`: results carrying a `#nosec` in-source suppression, as `gosec -track-suppressions` writes them. */
export function gosecLog(results: Array<SampleResult & { suppressed?: boolean }>, root: string): object {
  return {
    runs: [
      {
        results: results.map((r) => ({
          ruleId: 'G101',
          level: 'error',
          message: { text: 'Potential hardcoded credentials' },
          locations: [{ physicalLocation: { artifactLocation: { uri: `${root}/${r.file}` }, region: { startLine: r.line, endLine: r.line, startColumn: 2, endColumn: 30, snippet: { text: 'const password = "…"' }, sourceLanguage: 'go' } } }],
          ...(r.suppressed ? { suppressions: [{ kind: 'inSource', justification: 'test fixture' }] } : {}),
        })),
        taxonomies: [{ name: 'CWE', version: '4.4', informationUri: 'https://cwe.mitre.org/data/published/cwe_v4.4.pdf/', taxa: [{ id: '798', shortDescription: { text: 'Use of Hard-coded Credentials' } }] }],
        tool: {
          driver: {
            name: 'gosec',
            version: '2.21.4',
            semanticVersion: '2.21.4',
            informationUri: 'https://github.com/securego/gosec/',
            supportedTaxonomies: [{ name: 'CWE', guid: 'f2856fc0-85b7-373f-83e7-6f8582243547' }],
            rules: [
              {
                id: 'G101',
                name: 'Potential hardcoded credentials',
                shortDescription: { text: 'Potential hardcoded credentials' },
                fullDescription: { text: 'Potential hardcoded credentials' },
                help: { text: 'Potential hardcoded credentials\nSeverity: HIGH\nConfidence: LOW\n' },
                defaultConfiguration: { level: 'error' },
                properties: { tags: ['security', 'HIGH'], precision: 'low' },
                relationships: [{ target: { id: '798', toolComponent: { name: 'CWE', guid: 'f2856fc0-85b7-373f-83e7-6f8582243547' } }, kinds: ['superset'] }],
              },
            ],
          },
        },
      },
    ],
    $schema: SCHEMA,
    version: '2.1.0',
  };
}
