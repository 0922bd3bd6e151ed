import type { Finding, Location, ResourceRef } from '../core/finding.js';
import type { Report } from '../core/report.js';
import type { VulnerabilityFinding } from '../core/vulnerability.js';
import type { RuleReferences } from '../core/rule.js';
import type { FormatOptions } from './formatter.js';

/** `Deployment prod/web`: how every human-facing format names a resource. */
export function resourceLabel(resource: ResourceRef): string {
  const name = resource.name ?? '(unnamed)';
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/${name}` : name}`;
}

/**
 * Positions are 1-based and ordered in every output format; a rule or parser slip (0, NaN, an end
 * before the start) must not produce a report that consumers such as GitHub reject.
 */
export function normalizeLocation(location: Location): Location {
  const startLine = atLeastOne(location.startLine);
  const startColumn = atLeastOne(location.startColumn);
  const endLine = Math.max(startLine, atLeastOne(location.endLine));
  const endColumn = endLine === startLine ? Math.max(startColumn, atLeastOne(location.endColumn)) : atLeastOne(location.endColumn);
  return { file: location.file, startLine, startColumn, endLine, endColumn };
}

function atLeastOne(value: number): number {
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : 1;
}

/** Findings a human-facing format prints: suppressed ones only on request. */
export function visibleFindings(report: Report, options: FormatOptions): Finding[] {
  return options.showSuppressed ? report.findings : report.findings.filter((f) => !f.suppressed);
}

export function visibleVulnerabilities(report: Report, options: FormatOptions): VulnerabilityFinding[] {
  return options.showSuppressed ? report.vulnerabilities : report.vulnerabilities.filter((v) => !v.suppressed);
}

/** `zlib1g 1:1.2.13.dfsg-1 (Debian:12)`: how human-facing formats name a vulnerable package. */
export function packageLabel(vulnerability: VulnerabilityFinding): string {
  const { name, version, ecosystem } = vulnerability.package;
  return `${name} ${version} (${ecosystem})`;
}

/** `fixed in 1.2.4, 2.0.1` or `no fix published`. */
export function fixLabel(vulnerability: VulnerabilityFinding): string {
  return vulnerability.fixedVersions.length > 0 ? `fixed in ${vulnerability.fixedVersions.join(', ')}` : 'no fix published';
}

/** Groups in first-appearance order, so output follows the report's ordering. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** A rule's references as one line each, URLs last: SARIF help and docs/rules.md list the same thing. */
export function referenceLines(references: RuleReferences): string[] {
  const { pss, cis = [], nsa, urls = [] } = references;
  return [...(pss ? [`Pod Security Standards: ${pss}`] : []), ...cis, ...(nsa ? [`NSA/CISA Kubernetes Hardening Guidance: ${nsa}`] : []), ...urls];
}

/** URLs become Markdown autolinks; `<` and `>` inside one would end the link early. */
export function markdownReference(reference: string): string {
  return /^https?:\/\//.test(reference) ? `<${reference.replace(/[<>]/g, encodeURIComponent)}>` : reference;
}
