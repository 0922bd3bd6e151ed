import { resolve } from 'node:path';
import type { ScanResult } from '../pipeline/scan.js';
import { scanImageSecrets, scanSecretFiles, scanSecretHistory, scanStagedSecrets } from '../pipeline/secret-sources.js';
import type { CommandSpec } from './command.js';
import { IMAGE_SOURCE_OPTIONS, imageLocator } from './image-command.js';
import type { CliIo } from './io.js';
import { reportOptions, type OptionSpec } from './options.js';
import { parseFailOn, scanOptionsFromFlags, type CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { emitReport, parseOutputs } from './report-output.js';
import { fileProgress, historyProgress, layerProgress } from './progress.js';
import { scanRun } from './scan-run.js';


export const SECRETS_OPTIONS: OptionSpec[] = [
  { name: 'git', type: 'boolean', description: 'Scan every commit reachable from HEAD of the repository at PATH (default `.`), secrets since deleted included.' },
  { name: 'since', type: 'string', value: 'REV', description: 'Only the commits in REV..HEAD (implies --git).' },
  { name: 'staged', type: 'boolean', description: 'Scan only the staged changes of the repository at PATH (default `.`), as the pre-commit hook does.' },
  { name: 'image', type: 'string', value: 'REF', description: 'Scan every file of every layer of this image (files deleted by a later layer included), its Env and its build history.' },
  // --timeout bounds the whole search here (the image read included), as for `scan`.
  ...IMAGE_SOURCE_OPTIONS.filter((option) => option.name !== 'timeout'),
  ...reportOptions('exclude', 'skip-dirs', 'skip-files', 'strict', 'max-file-size', 'debug', 'timeout'),
];

export const secretsCommand: CommandSpec = {
  usage: 'secrets [PATH|-]... | --git [--since REV] [PATH] | --staged [PATH] | --image REF | --input PATH [options]',
  summary: 'Search files, git history, staged changes or a container image for leaked credentials. Secrets are never printed, only redacted.',
  options: SECRETS_OPTIONS,
  run: runSecretsCommand,
};

type Mode = { kind: 'files' } | { kind: 'git'; since?: string } | { kind: 'staged' } | { kind: 'image' };

function modeOf(values: CliValues, positionals: string[]): Mode {
  const since = typeof values.since === 'string' ? values.since : undefined;
  const git = values.git === true || since !== undefined;
  const staged = values.staged === true;
  const image = typeof values.image === 'string' || typeof values.input === 'string';
  if ([git, staged, image].filter(Boolean).length > 1) throw new UsageError('choose one of --git, --staged and --image/--input');
  if ((git || staged) && positionals.length > 1) throw new UsageError(`one repository at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  if (image && positionals.length > 0) throw new UsageError(`--image and --input take no PATH arguments, got: ${positionals.join(' ')}`);
  if (git) return since === undefined ? { kind: 'git' } : { kind: 'git', since };
  if (staged) return { kind: 'staged' };
  return image ? { kind: 'image' } : { kind: 'files' };
}

export async function runSecretsCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const outputs = parseOutputs(Array.isArray(values.format) ? values.format : []);
  const mode = modeOf(values, positionals);
  const run = scanRun(io, values);
  const { options: scanOptions, config } = await run.time('config', () => scanOptionsFromFlags(values, mode.kind === 'files' ? positionals : [], io));
  const options = { ...scanOptions, ...run.hooks };
  const failOn = typeof values['fail-on'] === 'string' ? parseFailOn(values['fail-on']) : (config.failOn ?? 'low');
  const repository = { ...options, repoDir: resolve(io.cwd, positionals[0] ?? '.'), cwd: io.cwd };
  let result: ScanResult;
  switch (mode.kind) {
    case 'files': {
      const progress = fileProgress(io, values);
      try {
        result = await run.within(scanSecretFiles({ ...options, ...(progress.onFiles ? { onFiles: progress.onFiles } : {}) }));
      } finally {
        progress.done();
      }
      break;
    }
    case 'git': {
      const progress = historyProgress(io, values);
      try {
        result = await run.within(scanSecretHistory({ ...repository, ...(mode.since !== undefined ? { since: mode.since } : {}), ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) }));
      } finally {
        progress.done();
      }
      break;
    }
    case 'staged':
      result = await run.within(scanStagedSecrets(repository));
      break;
    case 'image': {
      const reference = typeof values.image === 'string' ? [values.image] : [];
      const progress = layerProgress(io, values);
      try {
        result = await run.within(scanImageSecrets({ ...options, image: { ...imageLocator(values, reference, io), ...(progress.onLayer ? { onLayer: progress.onLayer } : {}) } }));
      } finally {
        progress.done();
      }
      break;
    }
  }
  const code = await run.time('output', () => emitReport(result.report, outputs, failOn, values, io));
  run.finish();
  return code;
}
