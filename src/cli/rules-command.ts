import { allRules, validateRuleIds } from '../pipeline/rule-selection.js';
import { formatRuleCatalog } from '../formats/rule-catalog.js';
import type { CliIo } from './io.js';
import type { CommandSpec } from './command.js';
import { EXIT_CODES, RULES_OPTIONS } from './options.js';
import { writeOutput } from './output.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

export const rulesCommand: CommandSpec = {
  usage: 'rules [--format table|md|json]',
  summary: 'List every rule with its metadata.',
  options: RULES_OPTIONS,
  run: runRulesCommand,
};

export async function runRulesCommand(values: CliValues, _positionals: string[], io: CliIo): Promise<number> {
  const format = typeof values.format === 'string' ? values.format : 'table';
  if (format !== 'table' && format !== 'md' && format !== 'json') throw new UsageError(`unknown format "${format}" (use table, md or json)`);
  validateRuleIds();
  await writeOutput(formatRuleCatalog(allRules().map((r) => r.meta), format), values, io);
  return EXIT_CODES.clean;
}
