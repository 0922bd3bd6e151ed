import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatScanError, type ScanError } from '../core/finding.js';
import type { Fix } from '../core/fix.js';
import { STDIN_PATH } from '../sources/inputs.js';
import { scan } from '../pipeline/full-scan.js';
import type { ScanOptions } from '../pipeline/scan.js';
import type { Report } from '../core/report.js';
import type { RuleHit } from '../core/rule-hit.js';
import { unifiedDiff } from '../fix/diff.js';
import type { FixResult } from '../fix/edits.js';
import { checkFixTarget, fixRoots, FixRefused, writeFixedFile } from '../fix/safe-write.js';
import { applyTextEdits } from '../fix/text-edits.js';
import { applyObjectPatches } from '../fix/yaml-patch.js';
import type { CliIo } from './io.js';
import type { CommandSpec } from './command.js';
import { EXIT_CODES, FIX_OPTIONS } from './options.js';
import { scanOptionsFromFlags, type CliValues } from './resolve-options.js';

interface FilePlan {
  patches: Array<{ documentIndex: number; basePath: ReadonlyArray<string | number>; fix: Fix }>;
  textFixes: Fix[];
  notFixable: number;
}

/**
 * Scans, then applies the fixes that rules returned as data. Findings that are suppressed, or that
 * come from rendered charts (whose source is a template, not YAML), are left alone and counted.
 */
export const fixCommand: CommandSpec = {
  usage: 'fix [PATH]... [options]',
  summary: 'Apply the safe automatic fixes of findings in place, or print them as a diff with --dry-run.',
  options: FIX_OPTIONS,
  run: runFixCommand,
};

export async function runFixCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const { options } = await scanOptionsFromFlags(values, positionals, io);
  const onlyRules = Array.isArray(values.rule) ? new Set(values.rule) : undefined;
  const dryRun = values['dry-run'] === true;
  const roots = await fixRoots(options.paths.filter((path) => path !== STDIN_PATH).map((path) => resolve(io.cwd, path)));
  // Some fixes are only safe once others landed (allowPrivilegeEscalation=false is withheld while a
  // container is still privileged), so writing repeats scan-and-fix until nothing changes.
  let pass = await fixPass(options, onlyRules, dryRun, roots, io);
  const total = { applied: pass.applied, changedFiles: new Set(pass.changedFiles), refused: new Map(pass.refused.map((e) => [e.file, e])) };
  for (let i = 1; !dryRun && pass.applied > 0 && i < MAX_PASSES; i++) {
    pass = await fixPass(options, onlyRules, dryRun, roots, io);
    total.applied += pass.applied;
    pass.changedFiles.forEach((f) => total.changedFiles.add(f));
    // A link refused once may show nothing later (its target got fixed); the refusal still stands.
    pass.refused.forEach((e) => total.refused.set(e.file, e));
  }
  const verb = dryRun ? 'would apply' : 'applied';
  const files = total.changedFiles.size;
  io.stderr(`rampart fix: ${verb} ${total.applied} fix${total.applied === 1 ? '' : 'es'} in ${files} file${files === 1 ? '' : 's'}\n`);
  if (dryRun && total.applied > 0) io.stderr('rampart fix: some fixes only become safe after others are applied; a real run repeats until done\n');
  if (pass.unreachable > 0) io.stderr(`rampart fix: ${pass.unreachable} fixable finding(s) come from rendered charts, patched kustomize resources or stdin; fix their sources by hand\n`);
  for (const line of pass.skipped) io.stderr(`rampart fix: skipped ${line}\n`);
  const errors = [...pass.report.errors.filter((e) => (e.level ?? 'error') === 'error'), ...total.refused.values()];
  for (const error of errors) io.stderr(`rampart fix: ${formatScanError(error)}\n`);
  return errors.length > 0 ? EXIT_CODES.scanErrors : EXIT_CODES.clean;
}

const MAX_PASSES = 3;

interface PassResult {
  report: Report;
  applied: number;
  changedFiles: string[];
  skipped: string[];
  unreachable: number;
  /** Files with fixes that rampart fix may not write (a symbolic link, outside the scanned paths). */
  refused: ScanError[];
}

async function fixPass(options: ScanOptions, onlyRules: Set<string> | undefined, dryRun: boolean, roots: readonly string[], io: CliIo): Promise<PassResult> {
  const { report, hits } = await scan(options);

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
  const changedFiles: string[] = [];
  const skipped: string[] = [];
  const refused: ScanError[] = [];
  for (const [file, plan] of [...plans].sort(([a], [b]) => a.localeCompare(b))) {
    const path = resolve(io.cwd, file);
    try {
      await checkFixTarget(path, roots);
      const before = await readFile(path, 'utf8');
      const result: FixResult = plan.patches.length > 0 ? applyObjectPatches(before, plan.patches) : applyTextEdits(before, plan.textFixes);
      skipped.push(...result.skipped.map((s) => `${file}: ${s.description}: ${s.reason}`));
      if (result.output !== before) {
        if (dryRun) io.stdout(unifiedDiff(file, before, result.output));
        else await writeFixedFile(path, result.output, roots);
        changedFiles.push(file);
      }
      applied += result.applied;
    } catch (error) {
      if (!(error instanceof FixRefused)) throw error;
      refused.push({ file, message: `not fixed: ${error.message}` });
    }
  }
  return { report, applied, changedFiles, skipped, unreachable, refused };
}
