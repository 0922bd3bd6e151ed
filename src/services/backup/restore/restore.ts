import type { ApiClient } from '../../../sources/cluster/client.js';
import type { BackupObject } from '../types.js';
import { applyPlan, type ApplyOptions } from './apply.js';
import type { RestoreMappings } from './mappings.js';
import { planRestore, type RestoreFilter } from './plan.js';
import { preflight, type PreflightIssue } from './preflight.js';
import { totalsOf, type RestoreEntry, type RestoreReport } from './report.js';
import { TargetApi } from './target.js';

export interface RestoreOptions extends ApplyOptions {
  filter: RestoreFilter;
  mappings: RestoreMappings;
  /** Called with the pre-flight findings before anything is written. */
  onPreflight?: (issues: PreflightIssue[]) => void;
}

/**
 * Restores backed-up objects into the cluster `client` reaches: plan (select, map, sanitize, order), pre-flight against
 * the target, then write in order. With `dryRun` every write is a server-side dry run.
 */
export async function restoreObjects(client: ApiClient, backup: readonly BackupObject[], options: RestoreOptions): Promise<RestoreReport> {
  const plan = planRestore(backup, options.filter, options.mappings);
  const target = new TargetApi(client);
  const issues = await preflight(client, target, plan.objects);
  options.onPreflight?.(issues);
  const skipped: RestoreEntry[] = plan.skipped.map(({ reason, ...item }) => ({ action: 'skipped', ...item, note: reason }));
  for (const entry of skipped) options.onEntry?.(entry);
  const written = await applyPlan(client, target, plan, options);
  const entries = [...skipped, ...written];
  return { dryRun: options.dryRun, preflight: issues, entries, totals: totalsOf(entries) };
}
