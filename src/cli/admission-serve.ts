import { readFileSync } from 'node:fs';
import { untilStopped } from './until-stopped.js';
import { resolve } from 'node:path';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { UnknownRuleError } from '../pipeline/unknown-rule-error.js';
import { parseMaxAge } from '../checks/vulnerabilities/database/max-age.js';
import { policiesLoaded } from './policy-load.js';
import { uploadTarget } from './serve-upload.js';
import { createDecisionUploader, uploadedDecision, type DecisionUploader } from '../services/server/decision-upload.js';
import type { AdmissionRequest } from '../services/admission/review.js';
import type { Decision } from '../services/admission/decide.js';

/** Loud on purpose: plain HTTP exposes every admitted object on the wire and the API server refuses it anyway. */
export const INSECURE_HTTP_FLAG = 'insecure-plain-http-for-local-debugging';
const DEFAULT_NAMESPACE = 'rampart-system';
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
/** Enough reviews for V8 to compile the hot path: about 1 to 3 seconds of CPU, before the pod reports ready. */
const DEFAULT_WARM_UP = 2_000;
const MAX_WARM_UP = 100_000;

const SERVE_OPTIONS: OptionSpec[] = [
  { name: 'tls-cert', type: 'string', value: 'FILE', description: 'serve: PEM serving certificate (chain). Reloaded when the file changes.' },
  { name: 'tls-key', type: 'string', value: 'FILE', description: 'serve: PEM private key of the serving certificate. Reloaded when the file changes.' },
  { name: 'port', type: 'string', value: 'PORT', description: 'serve: port to listen on. Default: 8443.' },
  { name: 'address', type: 'string', value: 'ADDR', description: 'serve: address to listen on. Default: 0.0.0.0.' },
  { name: 'config', short: 'c', type: 'string', value: 'FILE', description: 'rampart.yaml: the rules, severities and exemptions of `rampart scan`, and its `admission:` section. Default: rampart.yaml in the current directory, if present.' },
  { name: 'kubeconfig', type: 'string', value: 'FILE', description: 'kubeconfig file. Default: $KUBECONFIG, ~/.kube/config, or the pod\'s service account (in-cluster).' },
  { name: 'policy', type: 'string', multiple: true, value: 'PATH', description: 'Also apply the policies (CEL and Rego) in this directory or file, as `policies:` in rampart.yaml does. Repeatable.' },
  { name: 'context', type: 'string', value: 'CTX', description: 'kubeconfig context to use. Default: the current context.' },
  { name: 'namespace', short: 'n', type: 'string', value: 'NS', description: `Rampart's own namespace, always exempt from its decisions. Default: $POD_NAMESPACE, the pod's namespace, else ${DEFAULT_NAMESPACE}.` },
  { name: 'enforce-existing', type: 'boolean', description: 'serve: judge UPDATE requests on every finding of the new object, not only on what the update introduced (admission.enforceExisting).' },
  { name: 'audit-interval', type: 'string', value: 'DURATION', description: 'serve: also audit the objects already in the cluster at start and then this often (e.g. 30m, 6h), writing PolicyReports as `admission audit --write-reports` does. Default: off.' },
  { name: 'upload', type: 'string', value: 'URL', description: 'serve: also send every decision (not dry runs) to a `rampart serve` server at URL, in batches off the request path; token in $RAMPART_TOKEN (ingest scope), extra CA from $RAMPART_UPLOAD_CA. Needs --cluster-name.' },
  { name: 'cluster-name', type: 'string', value: 'NAME', description: 'serve --upload: the name this cluster\'s decisions are stored under.' },
  { name: 'log-level', type: 'string', value: 'LEVEL', description: 'serve: debug (a line for every decision), info (default: a line per decision that denies, warns, patches or fails), warn or error. Logs are JSON lines on stdout.' },
  { name: 'warm-up', type: 'string', value: 'N', description: `serve: send this many reviews of made-up objects to itself before /readyz answers ready, so the first real ones do not wait on a cold server (no registry or API call, nothing counted or logged). Default: ${DEFAULT_WARM_UP}; 0 turns it off.` },
  { name: INSECURE_HTTP_FLAG, type: 'boolean', description: 'serve: plain HTTP without --tls-cert/--tls-key, for a local debugging session only. Never in a cluster.' },
];

export const serveSubcommand: CommandSpec = {
  usage: 'admission serve --tls-cert FILE --tls-key FILE [--port 8443] [--address 0.0.0.0] [--config rampart.yaml] [--kubeconfig FILE]',
  summary: 'Answer AdmissionReview requests on /validate and /mutate over HTTPS, with the rules of `rampart scan`; /healthz, /readyz and /metrics.',
  options: SERVE_OPTIONS,
  run: (values, positionals, io) => runServe(values, positionals, io),
};

const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

/** Runs until SIGTERM or SIGINT (or `stop` aborts), then lets in-flight reviews finish. */
export async function runServe(values: CliValues, positionals: string[], io: CliIo, stop?: AbortSignal): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`admission serve takes no arguments (got ${positionals.join(' ')})`);
  const certFile = str(values, 'tls-cert');
  const keyFile = str(values, 'tls-key');
  const insecure = values[INSECURE_HTTP_FLAG] === true;
  if (insecure && (certFile || keyFile)) throw new UsageError(`--${INSECURE_HTTP_FLAG} and --tls-cert/--tls-key exclude each other`);
  if (!insecure && (!certFile || !keyFile)) throw new UsageError('admission serve needs --tls-cert FILE and --tls-key FILE (the API server only calls webhooks over HTTPS)');
  const port = parsePort(str(values, 'port') ?? '8443');
  const address = str(values, 'address') ?? '0.0.0.0';
  const configFile = str(values, 'config');
  const kubeconfig = str(values, 'kubeconfig');
  const context = str(values, 'context');
  const logLevel = str(values, 'log-level') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  const auditIntervalMs = parseInterval(str(values, 'audit-interval'));
  const warmUpReviews = parseWarmUp(str(values, 'warm-up'));
  const ownNamespace = str(values, 'namespace') ?? io.env.POD_NAMESPACE ?? podNamespace() ?? DEFAULT_NAMESPACE;
  const upload = uploadTarget(values, io);
  const clusterName = str(values, 'cluster-name');
  if (upload && !clusterName) throw new UsageError('--upload needs --cluster-name: the name this cluster\'s decisions are stored under');

  // Loaded on use: the server, the Kubernetes client and the registry client are only needed here.
  const [{ resolveScanOptions }, admission, { loadKubeConfig }, { ClusterClient }, { serviceLogger }, { auditPeriodically }, { runAudit }, { createEvaluator }] = await Promise.all([
    import('../pipeline/options.js'),
    import('../services/admission/index.js'),
    import('../sources/cluster/kubeconfig.js'),
    import('../sources/cluster/client.js'),
    import('../services/http/logger.js'),
    import('../services/admission/audit-loop.js'),
    import('../services/admission/audit/audit.js'),
    import('../pipeline/evaluate.js'),
  ]);
  const policies = Array.isArray(values.policy) ? values.policy : [];
  const { options, config } = await resolveScanOptions({ cwd: io.cwd, ...(configFile ? { configFile } : {}), env: io.env, secrets: false, vulnerabilities: false, ...(policies.length > 0 ? { policies } : {}) });
  if (!policiesLoaded(options.policies, io)) return EXIT_CODES.scanErrors;
  const admissionConfig = values['enforce-existing'] === true ? { ...config.admission, enforceExisting: true } : config.admission;
  const logger = serviceLogger('rampart-admission', logLevel);

  const evaluator = { settings: options.settings, rules: options.rules, exemptions: options.exemptions, ...(options.policies ? { policies: options.policies } : {}) };
  let namespaces;
  let client;
  try {
    const loaded = await loadKubeConfig({ env: io.env, ...(kubeconfig ? { kubeconfig: resolve(io.cwd, kubeconfig) } : {}), ...(context ? { context } : {}) });
    client = new ClusterClient(loaded.config, loaded.server);
    namespaces = await admission.watchNamespaces({
      config: loaded.config,
      client,
      onError: (error) => logger.warn({ err: error.message }, 'namespace watch failed; retrying'),
    });
  } catch (error) {
    io.stderr(`rampart: ${(error as Error).message}\n`);
    return EXIT_CODES.scanErrors;
  }
  let server;
  let decisions: DecisionUploader | undefined;
  try {
    const decider = admission.createAdmissionDecider({
      config: admissionConfig,
      evaluator,
      namespaces,
      ownNamespace,
    });
    decisions = upload && clusterName ? createDecisionUploader({ upload: upload.options, logger }) : undefined;
    const sink = decisions;
    server = await admission.startAdmissionServer({
      decider,
      namespaces,
      ...(warmUpReviews > 0 ? { warmUp: { decider: admission.createWarmUpDecider({ config: admissionConfig, evaluator, ownNamespace }), requests: warmUpReviews } } : {}),
      ...(sink ? { onDecision: (request: AdmissionRequest, decision: Decision) => sink.record(uploadedDecision(clusterName!, request, decision)) } : {}),
      ...(insecure ? { insecureHttp: true } : { tls: { certFile: resolve(io.cwd, certFile!), keyFile: resolve(io.cwd, keyFile!) } }),
      port,
      address,
      logger,
    });
  } catch (error) {
    await namespaces.close();
    if (error instanceof admission.AdmissionSetupError) throw new UsageError(error.message);
    // An unknown rule in `rules:` or `admission.fixes` is a config mistake: main() reports it as one (exit 2).
    if (error instanceof UnknownRuleError) throw error;
    io.stderr(`rampart: admission server did not start: ${(error as Error).message}\n`);
    return EXIT_CODES.scanErrors;
  }
  if (insecure) logger.warn(`--${INSECURE_HTTP_FLAG}: serving plain HTTP; admitted objects cross the network unencrypted`);
  logger.info({ url: server.url, ownNamespace, enforceExisting: admissionConfig.enforceExisting, failurePolicy: admissionConfig.failurePolicy }, 'rampart admission webhook listening');
  // Every replica audits: the reports are written by server-side apply, so a second writer changes nothing.
  let audits;
  if (auditIntervalMs) {
    const evaluate = createEvaluator(evaluator);
    audits = auditPeriodically((signal) => runAudit({ client, evaluate, admission: admissionConfig, writeReports: true, signal }), auditIntervalMs, logger);
  }

  await untilStopped(stop);
  logger.info('shutting down: finishing in-flight reviews');
  await audits?.stop();
  await server.close();
  await decisions?.close();
  return EXIT_CODES.clean;
}

const MIN_AUDIT_INTERVAL_MS = 60_000;

/** A unit is required: a bare number would be read as days by parseMaxAge. */
function parseInterval(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /[smh]$/.test(text.trim()) ? parseMaxAge(text) : undefined;
  if (!ms || ms < MIN_AUDIT_INTERVAL_MS) throw new UsageError(`--audit-interval must be a duration of at least 1m with s, m or h (e.g. 30m, 6h), not "${text}"`);
  return ms;
}

function parseWarmUp(text: string | undefined): number {
  if (text === undefined) return DEFAULT_WARM_UP;
  const reviews = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(reviews >= 0 && reviews <= MAX_WARM_UP)) throw new UsageError(`--warm-up must be a number of reviews from 0 to ${MAX_WARM_UP}, not "${text}"`);
  return reviews;
}

function parsePort(text: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port must be a number from 0 to 65535, not "${text}"`);
  return port;
}

function podNamespace(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
