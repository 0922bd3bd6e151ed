import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getFormatter } from '../formats/index.js';
import { runCi } from '../services/ci/run.js';
import type { CommandSpec } from './command.js';
import { IMAGE_SOURCE_OPTIONS, imageLocator } from './image-command.js';
import type { CliIo } from './io.js';
import { CLUSTER_OPTIONS, SCAN_OPTIONS, type OptionSpec } from './options.js';
import { parseFailOn, requireExistingPaths, resolveVulnerabilityOptions, scanOptionsFromFlags, type CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { emitReport, parseOutputs } from './report-output.js';
import { sourceReader } from './source-reader.js';

const IMAGE_FLAGS = IMAGE_SOURCE_OPTIONS.filter((option) => option.name !== 'input');

/**
 * `--cluster` has no place in a pull request's gate (that is `rampart scan --cluster`); `--timeout` is the image's, as
 * for `rampart image`; `--debug` times the phases of one scan, and a run here is several.
 */
const NOT_FOR_CI = new Set(['cluster', 'debug', ...IMAGE_FLAGS.map((option) => option.name)]);

export const CI_OPTIONS: OptionSpec[] = [
  { name: 'since', type: 'string', value: 'REV', description: 'Also search the commits in REV..HEAD of the repository at the current directory for secrets (a pull request: `--since origin/main`), secrets removed by a later commit included.' },
  { name: 'image', type: 'string', value: 'REF', description: 'Also scan this image from its registry: packages against the vulnerability database, config against the image rules.' },
  { name: 'image-input', type: 'string', value: 'PATH', description: 'Also scan this image from a `docker save` tarball, an OCI layout directory or an OCI archive.' },
  ...IMAGE_FLAGS,
  { name: 'import-sarif', type: 'string', multiple: true, value: 'FILE', description: 'Judge this SARIF 2.1.0 log of another tool (Semgrep, CodeQL, gosec...) under the same gate, suppressions and baseline; its rules become `imported/<tool>/<rule>`. Repeatable.' },
  ...SCAN_OPTIONS.filter((option) => !NOT_FOR_CI.has(option.name) && !CLUSTER_OPTIONS.includes(option)),
];

export const ciCommand: CommandSpec = {
  usage: 'ci [PATH]... [--since REV] [--image REF | --image-input PATH] [--import-sarif FILE]... [options]',
  summary: 'The whole pull-request gate in one report: the source scan, secrets in the new commits, an image, and other tools\' SARIF; every output agrees. Appends a Markdown summary to $GITHUB_STEP_SUMMARY when set.',
  options: CI_OPTIONS,
  run: runCiCommand,
};

/**
 * An empty value is no value: CI templates pass `--since "$CI_MERGE_REQUEST_DIFF_BASE_SHA"` or a Tekton parameter
 * that is empty outside a merge request, and mean "no history" by it.
 */
const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' && values[name] !== '' ? (values[name] as string) : undefined);

export async function runCiCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const outputs = parseOutputs(Array.isArray(values.format) ? values.format : []);
  const since = str(values, 'since');
  if (since !== undefined && values['skip-secrets'] === true) throw new UsageError('--since searches the new commits for secrets; it cannot go with --skip-secrets');
  const image = imageOption(values, io);
  const sarif = Array.isArray(values['import-sarif']) ? values['import-sarif'] : [];
  requireExistingPaths(sarif, io.cwd);
  const { options, config } = await scanOptionsFromFlags(values, positionals, io, true);
  const failOn = typeof values['fail-on'] === 'string' ? parseFailOn(values['fail-on']) : (config.failOn ?? 'low');
  const report = await runCi({
    scan: options,
    ...(since !== undefined ? { history: { since, repoDir: io.cwd } } : {}),
    ...(image ? { image: { locator: image, vulnerabilities: resolveVulnerabilityOptions(values, io) } } : {}),
    sarif: sarif.map((file) => ({ path: resolve(io.cwd, file), display: file })),
  });
  const code = await emitReport(report, outputs, failOn, values, io);
  await appendStepSummary(report, values, io);
  return code;
}

function imageOption(values: CliValues, io: CliIo) {
  const reference = str(values, 'image');
  const input = str(values, 'image-input');
  if (reference === undefined && input === undefined) {
    const stray = IMAGE_FLAGS.find((option) => values[option.name] !== undefined);
    if (stray) throw new UsageError(`--${stray.name} needs --image or --image-input`);
    return undefined;
  }
  if (reference !== undefined && input !== undefined) throw new UsageError('give either --image or --image-input, not both');
  return imageLocator({ ...values, input, image: undefined }, reference !== undefined ? [reference] : [], io);
}

/** GitHub Actions shows this file under the job; a summary that cannot be written is a warning, not a failed gate. */
async function appendStepSummary(report: Parameters<typeof emitReport>[0], values: CliValues, io: CliIo): Promise<void> {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const text = getFormatter('markdown').format(report, { showSuppressed: false, color: false, cwd: io.cwd, readSource: sourceReader(io.cwd) });
  try {
    await appendFile(resolve(io.cwd, file), `${text}\n`);
  } catch (error) {
    if (values.quiet !== true) io.stderr(`rampart: could not append the summary to $GITHUB_STEP_SUMMARY (${file}): ${(error as Error).message}\n`);
  }
}
