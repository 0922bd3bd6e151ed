import type { VulnerabilityFinding } from '../core/vulnerability.js';
import { fixLabel, groupBy, packageLabel } from './format.js';
import { displayPath } from './paths.js';

export type Style = 'bold' | 'dim' | 'red' | 'boldRed' | 'yellow' | 'cyan' | 'gray';
export type Paint = (style: Style, text: string) => string;

export interface VulnerabilityTableContext {
  paint: Paint;
  /** Escapes control characters and folds newlines: advisory text comes from the internet. */
  oneLine(text: string): string;
  severityStyle(vulnerability: VulnerabilityFinding): Style;
  labelWidth: number;
  indent: string;
  cwd?: string;
  /** The terminal's width: where, paths, summaries and aliases are cut to it (ending in `…`). Absent, all are whole. */
  width?: number;
}

/**
 * One block per package (the unit users upgrade): where it was read, then one line per vulnerability with severity,
 * ID, score and fix, and the other IDs below so a search for a GHSA or DSA finds the row.
 */
export function formatVulnerabilityTable(vulnerabilities: VulnerabilityFinding[], context: VulnerabilityTableContext): string[] {
  const { paint, oneLine, indent } = context;
  const detailIndent = indent + ' '.repeat(context.labelWidth + 2);
  const fit = (text: string, margin: string) => (context.width === undefined ? text : truncate(text, Math.max(20, context.width - margin.length)));
  const out: string[] = [];
  const byPackage = groupBy(vulnerabilities, (v) => `${v.package.ecosystem}\0${v.package.name}\0${v.package.version}`);
  for (const group of byPackage.values()) {
    const first = group[0]!;
    out.push(paint('bold', oneLine(packageLabel(first))));
    for (const location of first.locations) {
      const layer = location.layer ? ` in layer ${location.layer.digest.slice(0, 19)}${location.layer.createdBy ? ` (${location.layer.createdBy})` : ''}` : '';
      out.push(`${indent}${paint('gray', fit(oneLine(`from ${displayPath(location.file, context.cwd)}${layer}`), indent))}`);
    }
    for (const v of group) {
      const label = v.severity.level.toUpperCase().padEnd(context.labelWidth);
      const score = v.severity.score !== undefined ? ` ${v.severity.score.toFixed(1)}` : '';
      const heading = `${indent}${paint(context.severityStyle(v), label)}  ${paint('bold', oneLine(v.id))}${score}  ${oneLine(fixLabel(v))}`;
      out.push(v.suppressed ? paint('dim', heading) : heading);
      if (v.summary) out.push(`${detailIndent}${fit(oneLine(v.summary.trim()), detailIndent)}`);
      if (v.aliases.length > 0) out.push(paint('gray', `${detailIndent}${fit(`also ${oneLine(v.aliases.join(', '))}`, detailIndent)}`));
      if (v.suppressed) out.push(paint('dim', `${detailIndent}suppressed (${v.suppressed.kind}): ${oneLine(v.suppressed.reason)}`));
    }
    out.push('');
  }
  return out;
}

function truncate(text: string, width: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= width ? chars.join('') : `${chars.slice(0, width - 1).join('')}…`;
}
