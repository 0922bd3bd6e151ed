import { terminalSafe } from '../../../core/terminal.js';
import type { PreflightIssue } from './preflight.js';

/**
 * `create`, `update`: written (or, in a dry run, accepted by the server's dry run); `unchanged`: the target already
 * holds it; `conflict`: it exists and differs, and `--existing skip` left it alone; `skipped`: the target makes it
 * itself; `failed`: refused, or no version of its kind is served.
 */
export type RestoreAction = 'create' | 'update' | 'unchanged' | 'conflict' | 'skipped' | 'failed';

export interface RestoreEntry {
  action: RestoreAction;
  /** As written (after version conversion), or as stored when it was not written. */
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The backup's namespace, when a mapping moved the object. */
  sourceNamespace?: string;
  /** Why it failed, was skipped or conflicts; what was converted; what a dry run could not check. */
  note?: string;
}

export interface RestoreReport {
  dryRun: boolean;
  preflight: PreflightIssue[];
  entries: RestoreEntry[];
  totals: Record<RestoreAction, number>;
}

export function totalsOf(entries: readonly RestoreEntry[]): Record<RestoreAction, number> {
  const totals: Record<RestoreAction, number> = { create: 0, update: 0, unchanged: 0, conflict: 0, skipped: 0, failed: 0 };
  for (const entry of entries) totals[entry.action]++;
  return totals;
}

export function preflightText(issues: readonly PreflightIssue[]): string {
  if (issues.length === 0) return 'pre-flight: nothing in the target stands in the way\n';
  return `pre-flight (${issues.length}):\n${issues.map((issue) => `  ${issue.kind.padEnd(21)} ${terminalSafe(issue.message)}\n`).join('')}`;
}

export function entryLine(entry: RestoreEntry): string {
  const where = entry.namespace ? `${entry.namespace}/` : '';
  const moved = entry.sourceNamespace ? ` (from ${entry.sourceNamespace})` : '';
  const note = entry.note ? `: ${entry.note}` : '';
  return terminalSafe(`  ${entry.action.padEnd(9)} ${entry.apiVersion} ${entry.kind} ${where}${entry.name}${moved}${note}`) + '\n';
}

export function totalsLine(report: RestoreReport): string {
  const { totals } = report;
  const verb = report.dryRun ? 'would be' : 'were';
  return `${report.entries.length} objects: ${totals.create} ${verb} created, ${totals.update} ${verb} updated, ${totals.unchanged} unchanged, ${totals.conflict} conflict (left as they are), ${totals.skipped} skipped, ${totals.failed} failed${report.dryRun ? ' (server-side dry run: nothing was written)' : ''}\n`;
}
