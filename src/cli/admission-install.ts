import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, emptyConfig, loadConfig, type RampartConfig } from '../config/config.js';
import { TOOL_VERSION } from '../core/version.js';
import { DEFAULT_NAMESPACE } from '../services/admission/install/manifests.js';
import { defaultDockerConfigPath } from '../sources/image/registry/docker-config.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

export const DEFAULT_IMAGE = `ghcr.io/rampart-dev/rampart:${TOOL_VERSION}`;

const INSTALL_OPTIONS: OptionSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', value: 'NS', description: `Namespace of the webhook's pods; always exempt from its decisions. Default: ${DEFAULT_NAMESPACE}.` },
  { name: 'image', type: 'string', value: 'IMAGE', description: `Rampart image. Default: ${DEFAULT_IMAGE}, its tag resolved to a digest (see --keep-tag).` },
  { name: 'certificate', type: 'string', value: 'self-signed|cert-manager', description: 'Serving certificate: made here with a private CA (default), or requested from cert-manager, which also injects the CA bundle.' },
  { name: 'mutate', type: 'boolean', description: 'Also register the mutating webhook (configured mutations and opted-in fixes).' },
  { name: 'failure-policy', type: 'string', value: 'Fail|Ignore', description: 'What the apiserver does when the webhook cannot answer. Default: admission.failurePolicy of the config, else Fail.' },
  { name: 'timeout-seconds', type: 'string', value: 'N', description: 'How long the apiserver waits for an answer, 1 to 30. Default: the config\'s admission.timeoutMs plus one second.' },
  { name: 'config', short: 'c', type: 'string', value: 'FILE', description: 'rampart.yaml shipped to the webhook (same rules, severities and exemptions as scan). Default: rampart.yaml in the current directory, if present.' },
  { name: 'keep-tag', type: 'boolean', description: 'Use --image as given. Default: a tag is resolved to its digest through the registry, so a re-pushed tag cannot change what runs.' },
  { name: 'apply', type: 'boolean', description: 'Apply to the cluster (server-side apply, field manager rampart) instead of printing; re-running it changes nothing.' },
  { name: 'dry-run', type: 'boolean', description: 'With --apply: have the apiserver validate and admit everything, and store nothing (the namespace must exist already for the objects in it to be checked).' },
  { name: 'kubeconfig', type: 'string', value: 'FILE', description: 'With --apply: kubeconfig file. Default: $KUBECONFIG, ~/.kube/config, or the pod\'s service account.' },
  { name: 'context', type: 'string', value: 'CTX', description: 'With --apply: kubeconfig context to use. Default: the current context.' },
  { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'Write the manifests to FILE (mode 0600: the self-signed key is in it) instead of stdout.' },
];

export const installSubcommand: CommandSpec = {
  usage: 'admission install [options]',
  summary: 'Render (or apply with --apply) the webhook: namespace, RBAC, Deployment, Service, certificate, PolicyReport CRDs and webhook configurations.',
  options: INSTALL_OPTIONS,
  run: runInstall,
};

const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

/** rampart.yaml as text (shipped verbatim) and as read (validated here, so a broken config is never installed). */
async function readConfigFile(values: CliValues, io: Pick<CliIo, 'cwd'>): Promise<{ text: string; config: RampartConfig }> {
  const given = str(values, 'config');
  const display = given ?? DEFAULT_CONFIG_FILE;
  const path = resolve(io.cwd, display);
  if (!given && !existsSync(path)) return { text: '', config: emptyConfig() };
  return { config: await loadConfig(path, display), text: await readFile(path, 'utf8') };
}

async function runInstall(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`admission install takes no arguments (got ${positionals.join(' ')})`);
  const { text, config: { admission } } = await readConfigFile(values, io);
  const certificate = str(values, 'certificate') ?? 'self-signed';
  if (certificate !== 'self-signed' && certificate !== 'cert-manager') throw new UsageError(`--certificate must be self-signed or cert-manager, not "${certificate}"`);
  const failurePolicy = str(values, 'failure-policy') ?? admission.failurePolicy;
  if (failurePolicy !== 'Fail' && failurePolicy !== 'Ignore') throw new UsageError(`--failure-policy must be Fail or Ignore, not "${failurePolicy}"`);
  const timeoutText = str(values, 'timeout-seconds');
  const timeoutSeconds = timeoutText === undefined ? Math.min(30, Math.ceil(admission.timeoutMs / 1000) + 1) : Number(timeoutText);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 30) throw new UsageError(`--timeout-seconds must be a whole number from 1 to 30, not "${timeoutText}"`);
  const apply = values.apply === true;
  for (const flag of ['dry-run', 'kubeconfig', 'context']) {
    if (values[flag] !== undefined && !apply) throw new UsageError(`--${flag} needs --apply`);
  }
  const output = str(values, 'output');
  if (output && apply) throw new UsageError('--output and --apply exclude each other: render to a file, or apply');
  const namespace = str(values, 'namespace') ?? DEFAULT_NAMESPACE;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) throw new UsageError(`--namespace must be a DNS label, not "${namespace}"`);
  // Loaded on use: the Kubernetes client, the registry client and the certificate library are only needed here.
  const [install, { pinImage }] = await Promise.all([import('../services/admission/install/install.js'), import('../services/admission/install/image.js')]);
  const image = str(values, 'image') ?? DEFAULT_IMAGE;
  const pinned = values['keep-tag'] === true ? { image } : await pinImage(image, { dockerConfigPath: defaultDockerConfigPath(io.env), requestTimeoutMs: 15_000 });
  if (pinned.warning) io.stderr(`rampart: warning: ${pinned.warning}; pass --image IMAGE@sha256:... to pin it\n`);
  const request = {
    namespace,
    image: pinned.image,
    certificate,
    mutate: values.mutate === true,
    failurePolicy,
    timeoutSeconds,
    configText: text,
    admission,
  } as const;
  if (apply) {
    const [{ connectWriter }, { ClusterAccessError, ApiError }] = await Promise.all([
      import('../services/admission/install/connect.js'),
      import('../sources/cluster/errors.js'),
    ]);
    try {
      const client = await connectWriter({ env: io.env, ...kubeconfigSelection(values, io) });
      const applied = await install.installAdmission(client, request, {
        dryRun: values['dry-run'] === true,
        onWaiting: () => io.stderr(`rampart: waiting for the webhook pods in ${namespace} to be available before registering the webhooks\n`),
      });
      const suffix = values['dry-run'] === true ? ' (server dry run)' : '';
      for (const object of applied) {
        const where = object.namespace ? `${object.namespace}/` : '';
        io.stderr(`rampart: ${object.action === 'applied' ? 'applied' : 'left alone (installed by another tool)'} ${object.kind} ${where}${object.name}${suffix}\n`);
      }
      return EXIT_CODES.clean;
    } catch (error) {
      if (error instanceof ClusterAccessError || error instanceof ApiError || error instanceof install.WebhookNotReadyError) {
        io.stderr(`rampart: install failed: ${error.message}\n`);
        return EXIT_CODES.scanErrors;
      }
      throw error;
    }
  }
  const yaml = install.manifestsYaml(await install.buildInstall(request));
  if (output) {
    await writeFile(resolve(io.cwd, output), yaml, { mode: 0o600 });
    io.stderr(`rampart: wrote the admission webhook manifests to ${output}\n`);
  } else {
    io.stdout(yaml);
    if (certificate === 'self-signed') io.stderr('rampart: note: the output holds the webhook\'s private key (Secret rampart-admission-tls); keep it out of version control, or use --apply or --certificate cert-manager\n');
  }
  return EXIT_CODES.clean;
}

export function kubeconfigSelection(values: CliValues, io: Pick<CliIo, 'cwd'>): { kubeconfig?: string; context?: string } {
  const kubeconfig = str(values, 'kubeconfig');
  const context = str(values, 'context');
  return { ...(kubeconfig ? { kubeconfig: resolve(io.cwd, kubeconfig) } : {}), ...(context ? { context } : {}) };
}
