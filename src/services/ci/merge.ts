import type { Finding, ScanError } from '../../core/finding.js';
import { emptyBySeverity, summarizeVulnerabilities, type Report } from '../../core/report.js';
import type { RuleMeta } from '../../core/rule.js';
import { compareFindings } from '../../pipeline/report-builder.js';

/**
 * Reports of one run (the source tree, the pull request's commits, an image, imported logs) as the one report every
 * output is rendered from. Each part was built by the one report builder with the same suppressions, so findings only
 * need ordering and counting again. A secret the history found in a file the tree scan also reports (same rule, file
 * and secret, so the same fingerprint) is the tree's finding: it is reported once.
 */
export function mergeReports(parts: { tree: Report; history?: Report; others: Report[] }, durationMs: number): Report {
  const { tree } = parts;
  const inTree = new Set(tree.findings.map((finding) => finding.fingerprint));
  const history = parts.history ? parts.history.findings.filter((finding) => !inTree.has(finding.fingerprint)) : [];
  const reports = [tree, ...(parts.history ? [parts.history] : []), ...parts.others];
  const findings: Finding[] = [...tree.findings, ...history, ...parts.others.flatMap((report) => report.findings)].sort(compareFindings);
  const bySeverity = emptyBySeverity();
  let suppressed = 0;
  for (const finding of findings) {
    if (finding.suppressed) suppressed++;
    else bySeverity[finding.severity]++;
  }
  const vulnerabilities = reports.flatMap((report) => report.vulnerabilities);
  const unchecked = reports.flatMap((report) => report.unchecked ?? []);
  const target = reports.find((report) => report.target)?.target;
  const sum = (count: (report: Report) => number) => reports.reduce((total, report) => total + count(report), 0);
  return {
    schemaVersion: tree.schemaVersion,
    tool: tree.tool,
    ...(target ? { target } : {}),
    findings,
    vulnerabilities,
    ...(unchecked.length > 0 ? { unchecked } : {}),
    errors: onceEach(reports.flatMap((report) => report.errors)),
    summary: {
      bySeverity,
      files: sum((report) => report.summary.files),
      resources: sum((report) => report.summary.resources),
      suppressed,
      durationMs,
      packages: sum((report) => report.summary.packages),
      vulnerabilities: summarizeVulnerabilities(vulnerabilities),
    },
    rules: uniqueRules(reports.flatMap((report) => report.rules)),
  };
}

/** Every part warns of the same expired suppression; it is said once. */
function onceEach(errors: ScanError[]): ScanError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.level ?? 'error'}\0${error.file}\0${error.line ?? ''}\0${error.message}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

function uniqueRules(rules: RuleMeta[]): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}
