import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { resolveScanOptions } from '../pipeline/options.js';
import {
  exportPolicies,
  policiesYaml,
  PolicyExportError,
  VALIDATION_ACTIONS,
  type PolicyExport,
  type ValidationAction,
} from '../services/policy-export/index.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import { parsePssLevel, parsePssVersion, type CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

const EXPORT_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', value: 'vap|json', description: 'vap (default): ValidatingAdmissionPolicy and binding YAML; json: which rules were exported and which skipped, with why.' },
  { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'Write to this file instead of stdout.' },
  { name: 'actions', type: 'string', value: 'ACTION[,ACTION]', description: 'validationActions of every binding: Deny, Warn, Audit (Deny and Warn exclude each other). Default: Deny for high and critical rules, Warn below.' },
  { name: 'pss-level', type: 'string', value: 'LEVEL', description: 'Pod Security Standards level: baseline, restricted or off. Default: the config\'s, else restricted.' },
  { name: 'pss-version', type: 'string', value: 'VERSION', description: 'Pod Security Standards version, v1.0 to latest. Default: the config\'s, else latest.' },
  { name: 'config', short: 'c', type: 'string', value: 'FILE', description: 'rampart.yaml: rules turned off, severities, and admission.exemptions (namespaces, users, groups, service accounts, runtime classes). Default: rampart.yaml in the current directory, if present.' },
  { name: 'exclude-namespace', type: 'string', multiple: true, value: 'NS', description: 'Bind the policies everywhere but this namespace (e.g. kube-system). Repeatable; adds to admission.exemptions.namespaces.' },
];

export const exportSubcommand: CommandSpec = {
  usage: 'policy export [--format vap|json] [-o FILE] [options]',
  summary: 'Write the built-in rules that CEL can express as ValidatingAdmissionPolicies and bindings, enforced by the API server without the webhook.',
  options: EXPORT_OPTIONS,
  run: runExportCommand,
};

const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

function parseActions(text: string): ValidationAction[] {
  const actions = text.split(',').map((part) => part.trim()).filter(Boolean);
  for (const action of actions) {
    if (!(VALIDATION_ACTIONS as readonly string[]).includes(action)) throw new UsageError(`--actions takes Deny, Warn and Audit, not "${action}"`);
  }
  if (actions.length === 0) throw new UsageError('--actions needs at least one of Deny, Warn, Audit');
  return actions as ValidationAction[];
}

async function runExportCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`policy export takes no arguments (got ${positionals.join(' ')})`);
  const format = str(values, 'format') ?? 'vap';
  if (format !== 'vap' && format !== 'json') throw new UsageError(`--format must be vap or json, not "${format}"`);
  const actionsText = str(values, 'actions');
  const actions = actionsText === undefined ? undefined : parseActions(actionsText);
  const level = str(values, 'pss-level');
  const version = str(values, 'pss-version');
  const configFile = str(values, 'config');
  const { options, config } = await resolveScanOptions({
    cwd: io.cwd,
    paths: [],
    ...(configFile ? { configFile } : {}),
    ...(level ? { pssLevel: parsePssLevel(level) } : {}),
    ...(version ? { pssVersion: parsePssVersion(version) } : {}),
    secrets: false,
    vulnerabilities: false,
    env: io.env,
  });
  const excluded = Array.isArray(values['exclude-namespace']) ? values['exclude-namespace'] : [];
  const exemptions = config.admission.exemptions;
  let result: PolicyExport;
  try {
    result = exportPolicies({
      settings: options.settings,
      rules: options.rules,
      ...(actions ? { actions } : {}),
      exemptions: { ...exemptions, namespaces: [...new Set([...exemptions.namespaces, ...excluded])] },
    });
  } catch (error) {
    if (error instanceof PolicyExportError) throw new UsageError(error.message);
    throw error;
  }
  const text = format === 'json' ? `${JSON.stringify({ exported: result.exported, skipped: result.skipped }, null, 2)}\n` : policiesYaml(result);
  const output = str(values, 'output');
  if (output) {
    try {
      await writeFile(resolve(io.cwd, output), text);
    } catch (error) {
      io.stderr(`rampart: cannot write ${output}: ${(error as Error).message}\n`);
      return EXIT_CODES.scanErrors;
    }
  } else {
    io.stdout(text);
  }
  if (format === 'vap') {
    io.stderr(`rampart: exported ${result.exported.length} rules as ValidatingAdmissionPolicies; ${result.skipped.length} cannot be (see --format json)\n`);
  }
  return EXIT_CODES.clean;
}
