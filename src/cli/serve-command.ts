import { readFile, writeFile } from 'node:fs/promises';
import { untilStopped } from './until-stopped.js';
import { resolve } from 'node:path';
import { resolveDatabasePath } from '../checks/vulnerabilities/database/location.js';
import { parseMaxAge } from '../checks/vulnerabilities/database/max-age.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
const DEFAULT_LISTEN = '127.0.0.1:8443';
const DEFAULT_DB_UPDATE = '6h';
/** A generated certificate's CA is written here (it is public) so local clients can trust the server. */
const GENERATED_CA_FILE = 'rampart-server-ca.pem';

export const SERVE_OPTIONS: OptionSpec[] = [
  { name: 'database', type: 'string', value: 'URL', description: 'Where the server keeps its data: sqlite:PATH or postgres://USER@HOST/DB. Default: sqlite:./rampart-server.db. From a Secret: $RAMPART_DATABASE.' },
  { name: 'listen', type: 'string', value: 'HOST:PORT', description: `Address to serve the API on. Default: ${DEFAULT_LISTEN}.` },
  { name: 'tls-cert', type: 'string', value: 'FILE', description: 'PEM serving certificate (chain); reloaded when it changes. Without it and --tls-key, a self-signed certificate is generated at start (with a warning).' },
  { name: 'tls-key', type: 'string', value: 'FILE', description: 'PEM private key of --tls-cert.' },
  { name: 'insecure-http', type: 'boolean', description: 'Serve plain HTTP, for running behind a TLS-terminating proxy or ingress only.' },
  { name: 'db', type: 'string', value: 'PATH', description: 'The vulnerability database the server updates and matches with. Default: $RAMPART_DB, else ~/.cache/rampart/osv/osv.sqlite.' },
  { name: 'db-update-interval', type: 'string', value: 'DURATION|off', description: `How often to run \`db update\` (then re-match every stored SBOM). Default: ${DEFAULT_DB_UPDATE}.` },
  { name: 'watch', type: 'string', multiple: true, value: 'REPO[=GLOB,...]', description: 'Poll this registry repository for new digests (only tags matching the globs, e.g. ghcr.io/acme/shop=v*,main); each is inventoried once, stored and matched. Repeatable.' },
  { name: 'watch-interval', type: 'string', value: 'DURATION', description: 'How often watched repositories are polled. Default: 15m.' },
  { name: 'docker-config', type: 'string', value: 'FILE', description: 'Docker config.json with credentials for watched registries. Default: $DOCKER_CONFIG/config.json or ~/.docker/config.json.' },
  { name: 'notify-webhook', type: 'string', multiple: true, value: 'URL', description: 'POST each re-match change as JSON here, signed with HMAC-SHA256 when $RAMPART_WEBHOOK_SECRET is set. Repeatable.' },
  { name: 'notify-slack', type: 'string', multiple: true, value: 'URL', description: 'Post each re-match change to this Slack-compatible incoming webhook (its URL is a credential: prefer $RAMPART_NOTIFY_SLACK). Repeatable.' },
  { name: 'oidc-issuer', type: 'string', value: 'URL', description: 'Let people log in to the dashboard through this OpenID Connect issuer (authorization code with PKCE); they get the read scope. Needs --oidc-client-id and --oidc-client-secret-file; register https://HOST/auth/oidc/callback as the redirect URI.' },
  { name: 'oidc-client-id', type: 'string', value: 'ID', description: 'The dashboard\'s client ID at --oidc-issuer.' },
  { name: 'oidc-client-secret-file', type: 'string', value: 'FILE', description: 'File holding the client secret of --oidc-client-id (a mounted Secret; never a flag value).' },
  { name: 'log-level', type: 'string', value: 'LEVEL', description: 'debug, info (default), warn or error. Logs are JSON lines on stdout.' },
  { name: 'name', type: 'string', value: 'NAME', description: 'token create: what the token is for (shown in listings and stored with what it uploads).' },
  { name: 'scope', type: 'string', multiple: true, value: 'SCOPE', description: 'token create: read, ingest or admin (admin implies the others). Repeatable.' },
  { name: 'expires', type: 'string', value: 'DURATION', description: 'token create: the token stops working after this long (e.g. 90d). Default: never.' },
];

export const serveCommand: CommandSpec = {
  usage: 'serve [--database URL] [--listen 127.0.0.1:8443] [--tls-cert FILE --tls-key FILE] | serve token create --name NAME --scope SCOPE... [--database URL]',
  summary: 'Run the Rampart server: stored reports, SBOMs and inventories, continuous re-matching, a REST API. `serve token create` makes an API token.',
  options: SERVE_OPTIONS,
  run: runServeCommand,
};

const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

const TOKEN_ONLY = ['name', 'scope', 'expires'];

export async function runServeCommand(values: CliValues, positionals: string[], io: CliIo, stop?: AbortSignal): Promise<number> {
  const database = str(values, 'database');
  if (positionals[0] === 'token') return runToken(values, positionals.slice(1), io, database);
  if (positionals.length > 0) throw new UsageError(`unknown serve argument "${positionals[0]}" (serve, or serve token create)`);
  for (const option of TOKEN_ONLY) if (values[option] !== undefined) throw new UsageError(`--${option} applies to \`serve token create\` only`);
  const certFile = str(values, 'tls-cert');
  const keyFile = str(values, 'tls-key');
  const insecure = values['insecure-http'] === true;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new UsageError('--tls-cert and --tls-key go together');
  if (insecure && certFile) throw new UsageError('--insecure-http and --tls-cert/--tls-key exclude each other');
  const { address, port } = parseListen(str(values, 'listen') ?? DEFAULT_LISTEN);
  const logLevel = str(values, 'log-level') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  const dbUpdateEveryMs = parseInterval(str(values, 'db-update-interval') ?? DEFAULT_DB_UPDATE, 'db-update-interval');
  const vulnerabilityDb = resolveDatabasePath(str(values, 'db'), io.env, io.cwd);
  const dockerConfig = str(values, 'docker-config');
  const watch = list(values, 'watch').map((spec) => watchedRepository(spec, dockerConfig ? resolve(io.cwd, dockerConfig) : undefined));
  const watchEveryMs = parseInterval(str(values, 'watch-interval') ?? '15m', 'watch-interval');
  const secret = io.env.RAMPART_WEBHOOK_SECRET;
  const notify = [
    ...list(values, 'notify-webhook').map((url, i) => ({ name: `webhook-${i + 1}`, kind: 'webhook' as const, url, ...(secret ? { secret } : {}) })),
    ...list(values, 'notify-slack').map((url, i) => ({ name: `slack-${i + 1}`, kind: 'slack' as const, url })),
  ];

  let oidc: Awaited<ReturnType<typeof oidcSettings>>;
  try {
    oidc = await oidcSettings(values, io);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    io.stderr(`rampart: ${(error as Error).message}\n`);
    return EXIT_CODES.scanErrors;
  }

  const [{ openStore, redactUrl, DEFAULT_DATABASE }, { startRampartServer }, { selfSignedCertificate }, { serviceLogger }] = await Promise.all([
    import('../services/server/store/open.js'),
    import('../services/server/serve.js'),
    import('../services/server/tls.js'),
    import('../services/http/logger.js'),
  ]);
  const logger = serviceLogger('rampart-server', logLevel);
  const url = database ?? DEFAULT_DATABASE;
  let store;
  try {
    store = openStore(url, io.cwd);
    const migrated = await store.migrate();
    logger.info({ database: redactUrl(url), schema: migrated.version, applied: migrated.applied }, 'database ready');
  } catch (error) {
    await store?.close().catch(() => undefined);
    io.stderr(`rampart: the database ${redactUrl(url)} is not usable: ${(error as Error).message}\n`);
    return EXIT_CODES.scanErrors;
  }
  let tls;
  if (certFile && keyFile) {
    tls = { files: { certFile: resolve(io.cwd, certFile), keyFile: resolve(io.cwd, keyFile) } };
  } else if (!insecure) {
    const generated = await selfSignedCertificate(address);
    tls = { cert: generated.cert, key: generated.key };
    const caFile = resolve(io.cwd, GENERATED_CA_FILE);
    await writeFile(caFile, generated.ca).then(
      () => logger.warn({ caFile }, 'no --tls-cert/--tls-key: serving a generated certificate; clients must trust this CA (e.g. NODE_EXTRA_CA_CERTS)'),
      () => logger.warn({ ca: generated.ca }, 'no --tls-cert/--tls-key: serving a generated certificate; clients must trust this CA'),
    );
  }
  let server;
  try {
    server = await startRampartServer({
      store, logger, address, port, vulnerabilityDb, dbUpdateEveryMs, watch, watchEveryMs, notify,
      ...(oidc ? { dashboard: { oidc } } : {}),
      ...(tls ? { tls } : {}), ...(insecure ? { insecureHttp: true } : {}),
    });
  } catch (error) {
    await store.close();
    io.stderr(`rampart: the server did not start: ${(error as Error).message}\n`);
    return EXIT_CODES.scanErrors;
  }
  if (insecure) logger.warn('--insecure-http: serving plain HTTP; tokens and data cross the network unencrypted unless a proxy terminates TLS in front');
  logger.info({ url: server.api.url, replica: server.owner, vulnerabilityDb, dbUpdateEveryMs, watching: watch.map((w) => w.repository), notifying: notify.map((n) => n.name) }, 'rampart server listening');
  await untilStopped(stop);
  logger.info('shutting down: finishing in-flight requests and the job in hand');
  await server.close();
  await store.close();
  return EXIT_CODES.clean;
}

async function runToken(values: CliValues, args: string[], io: CliIo, database: string | undefined): Promise<number> {
  if (args[0] !== 'create' || args.length > 1) throw new UsageError('usage: rampart serve token create --name NAME --scope read|ingest|admin [--expires 90d] [--database URL]');
  const name = str(values, 'name');
  if (!name) throw new UsageError('serve token create needs --name NAME');
  const scopes = (Array.isArray(values.scope) ? values.scope : []).flatMap((s) => s.split(','));
  const { isScope, SCOPES } = await import('../services/server/store/tokens.js');
  if (scopes.length === 0) throw new UsageError(`serve token create needs --scope (${SCOPES.join(', ')})`);
  for (const scope of scopes) if (!isScope(scope)) throw new UsageError(`unknown scope "${scope}" (use ${SCOPES.join(', ')})`);
  const expires = str(values, 'expires');
  const expiresMs = expires === undefined ? undefined : parseMaxAge(expires);
  if (expires !== undefined && !expiresMs) throw new UsageError(`--expires must be a duration such as 30d or 12h, not "${expires}"`);
  const { openStore, redactUrl, DEFAULT_DATABASE } = await import('../services/server/store/open.js');
  const url = database ?? DEFAULT_DATABASE;
  let store;
  try {
    store = openStore(url, io.cwd);
    await store.migrate();
    const { token, record } = await store.createToken(name, [...new Set(scopes.filter(isScope))], expiresMs ? Date.now() + expiresMs : undefined);
    // The only time the value exists outside the client: stdout alone, so `$(rampart serve token create ...)` captures it.
    io.stdout(`${token}\n`);
    io.stderr(`rampart: token ${record.id} "${record.name}" (${record.scopes.join(', ')}) stored as a SHA-256 hash in ${redactUrl(url)}; it is not shown again\n`);
    return EXIT_CODES.clean;
  } catch (error) {
    io.stderr(`rampart: the token was not created: ${(error as Error).message}\n`);
    return EXIT_CODES.scanErrors;
  } finally {
    await store?.close();
  }
}

function parseListen(text: string): { address: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !(port >= 0 && port <= 65_535)) throw new UsageError(`--listen must be HOST:PORT (e.g. 127.0.0.1:8443, 0.0.0.0:8443, [::1]:8443), not "${text}"`);
  return { address: match[1] ?? match[2]!, port };
}

function parseInterval(text: string, flag: string): number {
  if (text === 'off') return 0;
  const ms = /^\s*\d+[smhdw]\s*$/.test(text) ? parseMaxAge(text) : undefined;
  if (!ms || ms < 60_000) throw new UsageError(`--${flag} must be "off" or a duration of at least 1m (e.g. 6h), not "${text}"`);
  return ms;
}

const list = (values: CliValues, name: string): string[] => (Array.isArray(values[name]) ? (values[name] as string[]) : []);

/** `registry/repository[=glob,glob]`: the globs pick the tags to watch. */
function watchedRepository(spec: string, dockerConfigPath: string | undefined): { repository: string; include?: string[]; dockerConfigPath?: string } {
  const [repository, globs] = spec.split('=', 2) as [string, string | undefined];
  if (!/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._\/-]+$/i.test(repository)) throw new UsageError(`--watch must be registry/repository[=GLOB,...] (e.g. ghcr.io/acme/shop=v*), not "${spec}"`);
  const include = globs?.split(',').map((g) => g.trim()).filter(Boolean);
  return { repository, ...(include?.length ? { include } : {}), ...(dockerConfigPath ? { dockerConfigPath } : {}) };
}

/** The dashboard's OIDC login: all three flags or none; the secret is read from its file, trimmed, never echoed. */
async function oidcSettings(values: CliValues, io: CliIo): Promise<{ issuer: string; clientId: string; clientSecret: string } | undefined> {
  const issuer = str(values, 'oidc-issuer');
  const clientId = str(values, 'oidc-client-id');
  const secretFile = str(values, 'oidc-client-secret-file');
  if (!issuer && !clientId && !secretFile) return undefined;
  if (!issuer || !clientId || !secretFile) throw new UsageError('--oidc-issuer, --oidc-client-id and --oidc-client-secret-file go together');
  const { oidcIssuerUrl } = await import('../services/server/dashboard/index.js');
  try {
    oidcIssuerUrl(issuer);
  } catch (error) {
    throw new UsageError(`--oidc-issuer: ${(error as Error).message}`);
  }
  const clientSecret = await readFile(resolve(io.cwd, secretFile), 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      throw new Error(`the OIDC client secret file ${secretFile} is unreadable (${error.code ?? error.message})`);
    },
  );
  if (!clientSecret) throw new Error(`the OIDC client secret file ${secretFile} is empty`);
  return { issuer, clientId, clientSecret };
}
