import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePlatform } from '../sources/image/registry/platform.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { reportOptions, VULNERABILITY_OPTIONS, type OptionSpec } from './options.js';
import { parseFailOn, parseTimeout, scanOptionsFromFlags, resolveVulnerabilityOptions, type CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { emitReport, parseOutputs } from './report-output.js';
import { UPLOAD_OPTION, uploadAfterScan, uploadTarget } from './serve-upload.js';
import { layerProgress } from './progress.js';
import { scanRun } from './scan-run.js';


/** Where the image comes from; shared with `sbom`. */
export const IMAGE_SOURCE_OPTIONS: OptionSpec[] = [
  { name: 'input', short: 'i', type: 'string', value: 'PATH', description: 'Read a `docker save` tarball, an OCI layout directory or an OCI archive instead of a registry.' },
  { name: 'platform', type: 'string', value: 'OS/ARCH[/VARIANT]', description: 'Platform to pick from a multi-platform image. Default: linux/amd64.' },
  { name: 'plain-http', type: 'boolean', description: 'Talk HTTP, not HTTPS, to the registry (loopback registries already do).' },
  { name: 'ca-file', type: 'string', value: 'FILE', description: 'Extra CA certificates (PEM) to trust for the registry.' },
  { name: 'docker-config', type: 'string', value: 'FILE', description: 'Docker config.json with registry credentials. Default: $DOCKER_CONFIG/config.json or ~/.docker/config.json.' },
  { name: 'timeout', type: 'string', value: 'DURATION', description: 'Give up on an image not read in full within this time (registry requests, downloads and layers; e.g. 90s, 10m). Default: 5m.' },
];

export const IMAGE_OPTIONS: OptionSpec[] = [...IMAGE_SOURCE_OPTIONS, ...reportOptions('debug', 'wide'), ...VULNERABILITY_OPTIONS, UPLOAD_OPTION];

export const imageCommand: CommandSpec = {
  usage: 'image REF | --input PATH [options]',
  summary: 'Scan a container image: OS and language packages against the vulnerability database, and its config against the image rules.',
  options: IMAGE_OPTIONS,
  run: runImageCommand,
};

const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

/** The image named on the command line, from a registry or `--input`; shared with `sbom`. */
export function imageLocator(values: CliValues, positionals: string[], io: Pick<CliIo, 'cwd' | 'env'>) {
  const input = str(values, 'input');
  if (positionals.length > 1) throw new UsageError(`one image at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  const [reference] = positionals;
  if (!input && !reference) throw new UsageError('name an image (e.g. `rampart image ghcr.io/acme/app:1.2`) or pass --input PATH');
  if (input && reference) throw new UsageError('give either an image reference or --input, not both');
  const local = !input && reference !== undefined ? localImagePath(reference, io.cwd) : undefined;
  const archive = input ?? local;
  const platform = str(values, 'platform');
  const caFile = str(values, 'ca-file');
  const dockerConfig = str(values, 'docker-config');
  const timeout = str(values, 'timeout');
  return {
    reference: reference ?? input!,
    ...(archive ? { archive: resolve(io.cwd, archive) } : {}),
    ...(platform ? { platform: platformOption(platform) } : {}),
    ...(timeout ? { timeoutMs: parseTimeout(timeout, '--timeout') } : {}),
    registry: {
      ...(values['plain-http'] === true ? { insecure: true } : {}),
      ...(caFile ? { caFile: resolve(io.cwd, caFile) } : {}),
      ...(dockerConfig ? { dockerConfigPath: resolve(io.cwd, dockerConfig) } : {}),
    },
  };
}

/**
 * A positional written as a path (`./app.tar`, `build/`, `/tmp/oci`, `app.tar`) is read like --input: a `docker save`
 * archive or an OCI layout; if it does not exist that is a mistake, not a Docker Hub image. A bare name (`alpine`)
 * stays an image reference even when a directory of that name exists, as in Trivy.
 */
function localImagePath(reference: string, cwd: string): string | undefined {
  if (!/^\.{0,2}\/|\/$|\.(tar|tar\.gz|tgz)$/.test(reference)) return undefined;
  if (existsSync(resolve(cwd, reference))) return reference;
  throw new UsageError(`"${reference}": no such file or directory (written as a path, so not tried as an image reference)`);
}

function platformOption(text: string) {
  try {
    return parsePlatform(text);
  } catch (error) {
    throw new UsageError(`--platform: ${(error as Error).message}`);
  }
}

export async function runImageCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const outputs = parseOutputs(Array.isArray(values.format) ? values.format : []);
  const image = imageLocator(values, positionals, io);
  // The image's own --timeout (a deadline on reading it) bounds this scan; scanRun only times it for --debug.
  const run = scanRun(io, { debug: values.debug });
  const { options, config } = await run.time('config', () => scanOptionsFromFlags(values, [], io));
  const failOn = typeof values['fail-on'] === 'string' ? parseFailOn(values['fail-on']) : (config.failOn ?? 'low');
  const upload = uploadTarget(values, io);
  const progress = layerProgress(io, values);
  let scanned;
  try {
    // Loaded here: `secrets` shares this module's options and starts faster without the image pipeline.
    const { scanImage } = await import('../pipeline/image.js');
    scanned = await scanImage({ ...options, ...run.hooks, image: { ...image, ...(progress.onLayer ? { onLayer: progress.onLayer } : {}) }, vulnerabilities: resolveVulnerabilityOptions(values, io) });
  } finally {
    progress.done();
  }
  const { report, packages } = scanned;
  const code = await run.time('output', () => emitReport(report, outputs, failOn, values, io));
  run.finish();
  return uploadAfterScan(report, upload, code, io, packages ? { packages } : {});
}
