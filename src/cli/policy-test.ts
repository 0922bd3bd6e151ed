import { formatScanError } from '../core/finding.js';
import { terminalSafe } from '../core/terminal.js';
import type { PolicyTestReport } from '../services/policy-test/run.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

const TEST_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', value: 'table|json', description: 'test: what to print, table (default) or json.' },
];

export const testSubcommand: CommandSpec = {
  usage: 'policy test DIR [--format table|json]',
  summary: 'Run the policy tests under DIR (Rampart `PolicyTest` files and Gatekeeper-library `suite.yaml`s) against the policies they name.',
  options: TEST_OPTIONS,
  run: runPolicyTestCommand,
};

async function runPolicyTestCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('policy test takes one directory (or file) of tests');
  const format = typeof values.format === 'string' ? values.format : 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  const { runPolicyTests } = await import('../services/policy-test/run.js');
  const report = await runPolicyTests(positionals[0]!, { cwd: io.cwd });
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : table(report));
  for (const error of report.errors) io.stderr(`rampart: ${formatScanError(error)}\n`);
  if (report.errors.length > 0) return EXIT_CODES.scanErrors;
  return report.failed > 0 ? EXIT_CODES.findings : EXIT_CODES.clean;
}

/** One line per case; a failed case is followed by what differed, so the fix can be read off the output. */
function table(report: PolicyTestReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(terminalSafe(`${result.passed ? 'PASS' : 'FAIL'}  ${result.name}  (${result.file}${result.line ? `:${result.line}` : ''})`));
    for (const difference of result.differences) lines.push(terminalSafe(`        ${difference}`));
  }
  const errors = report.errors.length > 0 ? `, ${report.errors.length} error${report.errors.length === 1 ? '' : 's'}` : '';
  lines.push(`${report.passed} passed, ${report.failed} failed${errors}`);
  return `${lines.join('\n')}\n`;
}
