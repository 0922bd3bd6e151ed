import { resolve } from 'node:path';
import { selectEncryptionRules, validateConfigFile } from '../services/encryption/validate.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { reportOptions, type OptionSpec } from './options.js';
import { parseFailOn, scanOptionsFromFlags, type CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { emitReport, parseOutputs } from './report-output.js';

/** The report flags of `scan`, with the same meaning: validate's output is a normal report. */
export const VALIDATE_OPTIONS: OptionSpec[] = reportOptions('strict');

export const validateSubcommand: CommandSpec = {
  usage: 'encryption validate FILE [--format table|json|sarif|junit] [--fail-on SEV]',
  summary: 'Check an EncryptionConfiguration: structure, key sizes and encodings, duplicate names, provider order, weak choices, file mode.',
  options: VALIDATE_OPTIONS,
  run: runValidate,
};

async function runValidate(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('encryption validate takes one FILE: the EncryptionConfiguration');
  const file = positionals[0]!;
  const outputs = parseOutputs(Array.isArray(values.format) ? values.format : typeof values.format === 'string' ? [values.format] : []);
  const { options, config } = await scanOptionsFromFlags(values, [], io);
  const failOn = typeof values['fail-on'] === 'string' ? parseFailOn(values['fail-on']) : (config.failOn ?? 'low');
  const selection = selectEncryptionRules(options.rules, options.settings);
  const { report } = validateConfigFile(resolve(io.cwd, file), file, {
    selection,
    settings: options.settings,
    policy: { ...(options.severities ? { severities: options.severities } : {}), exemptions: options.exemptions, ignoreEntries: options.ignoreEntries, ...(options.baseline ? { baseline: options.baseline } : {}), strict: options.strict },
  });
  return emitReport(report, outputs, failOn, values, io);
}
