import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Fix } from '../core/fix.js';
import { scan } from '../engine/scan.js';
import type { RuleHit } from '../engine/rule-hit.js';
import { unifiedDiff } from '../fix/diff.js';
import type { FixResult } from '../fix/edits.js';
import { applyTextEdits } from '../fix/text-edits.js';
import { applyObjectPatches } from '../fix/yaml-patch.js';
import type { CliIo } from './main.js';
import { EXIT_CODES } from './options.js';
import { resolveScanOptions, type CliValues } from './resolve-options.js';

interface FilePlan {
  patches: Array<{ documentIndex: number; basePath: ReadonlyArray<string | number>; fix: Fix }>;
  textFixes: Fix[];
  notFixable: number;
}

/**
 * Scans, then applies the fixes that rules returned as data. Findings that are suppressed, or that
 * come from rendered charts (whose source is a template, not YAML), are left alone and counted.
 */
export async function runFixCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const { options } = await resolveScanOptions(values, positionals, io);
  const { report, hits } = await scan(options);
  const onlyRules = Array.isArray(values.rule) ? new Set(values.rule) : undefined;

  const plans = new Map<string, FilePlan>();
  let unreachable = 0;
  for (const finding of report.findings) {
    if (finding.suppressed || !finding.fix) continue;
    if (onlyRules && !onlyRules.has(finding.ruleId)) continue;
    const hit = hits.get(finding) as RuleHit;
    const file = hit.fixTarget?.file ?? (finding.fix.kind === 'text-edit' ? finding.location.file : undefined);
    if (!file || file === '<stdin>') {
      unreachable++;
      continue;
    }
    const plan = plans.get(file) ?? { patches: [], textFixes: [], notFixable: 0 };
    if (finding.fix.kind === 'object-patch' && hit.fixTarget) {
      plan.patches.push({ documentIndex: hit.fixTarget.documentIndex, basePath: hit.fixTarget.basePath, fix: finding.fix });
    } else if (finding.fix.kind === 'text-edit') {
      plan.textFixes.push(finding.fix);
    }
    plans.set(file, plan);
  }

  let applied = 0;
  let changedFiles = 0;
  const skipped: string[] = [];
  for (const [file, plan] of [...plans].sort(([a], [b]) => a.localeCompare(b))) {
    const path = resolve(io.cwd, file);
    const before = await readFile(path, 'utf8');
    const result: FixResult = plan.patches.length > 0 ? applyObjectPatches(before, plan.patches) : applyTextEdits(before, plan.textFixes);
    applied += result.applied;
    skipped.push(...result.skipped.map((s) => `${file}: ${s.description}: ${s.reason}`));
    if (result.output === before) continue;
    changedFiles++;
    if (values['dry-run'] === true) io.stdout(unifiedDiff(file, before, result.output));
    else await writeFile(path, result.output);
  }

  const verb = values['dry-run'] === true ? 'would apply' : 'applied';
  io.stderr(`rampart fix: ${verb} ${applied} fix${applied === 1 ? '' : 'es'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'}\n`);
  if (unreachable > 0) io.stderr(`rampart fix: ${unreachable} fixable finding(s) come from rendered charts or stdin; fix their templates by hand\n`);
  for (const line of skipped) io.stderr(`rampart fix: skipped ${line}\n`);
  for (const error of report.errors.filter((e) => (e.level ?? 'error') === 'error')) {
    io.stderr(`rampart fix: ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  return report.errors.some((e) => (e.level ?? 'error') === 'error') ? EXIT_CODES.scanErrors : EXIT_CODES.clean;
}
