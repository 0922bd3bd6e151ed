import { formatScanError } from '../core/finding.js';
import type { LoadedPolicies } from '../checks/policies/index.js';
import type { CliIo } from './io.js';

/**
 * The webhook and the audit refuse to run with policies that did not load: a denial CI gives must not become an
 * admission there. True when every policy loaded; otherwise each error is printed.
 */
export function policiesLoaded(policies: LoadedPolicies | undefined, io: Pick<CliIo, 'stderr'>): boolean {
  for (const error of policies?.errors ?? []) io.stderr(`rampart: ${formatScanError(error)}\n`);
  return (policies?.errors.length ?? 0) === 0;
}
