import type { ScanError } from '../core/finding.js';
import type { Inventory } from '../checks/vulnerabilities/inventory/index.js';

/**
 * Extractor errors fail the scan like any unreadable input (the packages they hid were not checked); deliberately
 * skipped entries, such as unpinned requirements, are one warning per file with a count and the first example.
 */
export function inventoryIssues(inventory: Pick<Inventory, 'errors' | 'skipped'>): ScanError[] {
  const errors: ScanError[] = inventory.errors.map((issue) => ({
    file: issue.file,
    ...(issue.line !== undefined ? { line: issue.line } : {}),
    message: `${issue.extractor}: ${issue.message}`,
  }));
  const skippedByFile = new Map<string, Inventory['skipped']>();
  for (const issue of inventory.skipped) skippedByFile.set(issue.file, [...(skippedByFile.get(issue.file) ?? []), issue]);
  for (const [file, issues] of skippedByFile) {
    const [first] = issues;
    const example = first ? ` (first${first.line !== undefined ? `, line ${first.line}` : ''}: ${first.message})` : '';
    errors.push({
      file,
      message: `${issues.length} ${issues.length === 1 ? 'entry was' : 'entries were'} not checked for vulnerabilities${example}`,
      level: 'warning',
    });
  }
  return errors;
}
