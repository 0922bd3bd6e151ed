import { resolve } from 'node:path';
import { terminalSafe } from '../core/terminal.js';
import { openEtcd, type EtcdConnection } from '../sources/etcd/client.js';
import { openSnapshot } from '../sources/etcd/snapshot.js';
import type { EtcdStore } from '../sources/etcd/store.js';
import { loadConfigFile } from '../services/encryption/config-file.js';
import { verifyPassed, verifyStore, type VerifyResult } from '../services/encryption/verify.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { RESOURCE_OPTION } from './encryption-init.js';
import { EXIT_CODES, SCAN_OPTIONS, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

/** How etcd is reached; shared with `rotate`, which verifies before every step. */
export const ETCD_OPTIONS: OptionSpec[] = [
  { name: 'etcd-endpoints', type: 'string', multiple: true, value: 'URL[,URL]', description: 'etcd client URLs (https://host:2379). Repeatable or comma-separated.' },
  { name: 'cacert', type: 'string', value: 'FILE', description: 'CA certificate (PEM) that signs etcd\'s serving certificate.' },
  { name: 'cert', type: 'string', value: 'FILE', description: 'Client certificate (PEM) for etcd\'s client-certificate authentication.' },
  { name: 'key', type: 'string', value: 'FILE', description: 'Client key (PEM) of --cert.' },
  { name: 'etcd-timeout', type: 'string', value: 'SECONDS', description: 'Give up on an etcd request after this many seconds. Default: 10.' },
];

export const PROVIDER_CONFIG_OPTION: OptionSpec = {
  name: 'encryption-provider-config', type: 'string', value: 'FILE',
  description: 'The EncryptionConfiguration the API servers run (their --encryption-provider-config): objects not on its write key are stale.',
};

export const VERIFY_OPTIONS: OptionSpec[] = [
  ...ETCD_OPTIONS,
  { name: 'snapshot', type: 'string', value: 'FILE', description: 'verify: read an etcd snapshot file (`etcdctl snapshot save`) instead of a live etcd.' },
  PROVIDER_CONFIG_OPTION,
  RESOURCE_OPTION,
  SCAN_OPTIONS.find((o) => o.name === 'format')!,
];

export const verifySubcommand: CommandSpec = {
  usage: 'encryption verify (--etcd-endpoints URL [--cacert F --cert F --key F] | --snapshot FILE) [--encryption-provider-config FILE] [--format json]',
  summary: 'Read etcd (or a snapshot) and report, per object, plaintext or the provider and key that encrypted it; stale keys fail.',
  options: VERIFY_OPTIONS,
  run: runVerify,
};

const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

export function etcdConnection(values: CliValues, io: Pick<CliIo, 'cwd'>): EtcdConnection | undefined {
  const endpoints = (Array.isArray(values['etcd-endpoints']) ? values['etcd-endpoints'] : []).flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
  if (endpoints.length === 0) return undefined;
  for (const endpoint of endpoints) {
    if (!/^https?:\/\/[^\s/]+$/.test(endpoint)) throw new UsageError(`--etcd-endpoints: "${endpoint}" is not an http(s)://host:port URL`);
  }
  const timeoutText = str(values, 'etcd-timeout') ?? '10';
  const seconds = Number(timeoutText);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new UsageError(`--etcd-timeout must be a number of seconds, not "${timeoutText}"`);
  const path = (name: string) => {
    const value = str(values, name);
    return value === undefined ? undefined : resolve(io.cwd, value);
  };
  const [caFile, certFile, keyFile] = [path('cacert'), path('cert'), path('key')];
  return { endpoints, timeoutMs: seconds * 1000, ...(caFile ? { caFile } : {}), ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}) };
}

export async function openStore(values: CliValues, io: Pick<CliIo, 'cwd'>): Promise<EtcdStore> {
  const connection = etcdConnection(values, io);
  const snapshot = str(values, 'snapshot');
  if (connection && snapshot) throw new UsageError('give either --etcd-endpoints or --snapshot, not both');
  if (snapshot) return openSnapshot(resolve(io.cwd, snapshot));
  if (!connection) throw new UsageError('name etcd with --etcd-endpoints (and --cacert/--cert/--key), or a snapshot file with --snapshot');
  return openEtcd(connection);
}

async function runVerify(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`encryption verify takes no arguments, got ${positionals.join(' ')}`);
  const formats = Array.isArray(values.format) ? values.format : [];
  const format = formats[0] ?? 'table';
  if (formats.length > 1 || (format !== 'table' && format !== 'json')) throw new UsageError('encryption verify writes one format: table or json');
  const configPath = str(values, 'encryption-provider-config');
  const config = configPath ? loadConfigFile(resolve(io.cwd, configPath), configPath).config : undefined;
  const resources = Array.isArray(values.resource) ? values.resource : undefined;
  const store = await openStore(values, io);
  let result: VerifyResult;
  try {
    result = await verifyStore(store, { ...(config ? { config } : {}), ...(resources ? { resources } : {}) });
  } finally {
    await store.close();
  }
  io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : verifyTable(result));
  for (const object of result.objects.filter((o) => o.state === 'corrupt')) io.stderr(`rampart: ${terminalSafe(object.key)}: ${object.error}\n`);
  if (result.totals.corrupt > 0) return EXIT_CODES.scanErrors;
  return verifyPassed(result) ? EXIT_CODES.clean : EXIT_CODES.findings;
}

/** Shown per object only when something needs doing; 100,000 healthy Secrets are one line of totals. */
const LISTED = 50;

export function verifyTable(result: VerifyResult): string {
  const { totals } = result;
  const lines = [`etcd: ${result.source}`];
  for (const [resource, key] of Object.entries(result.writeKeys)) lines.push(`write key for ${resource}: ${key}`);
  const attention = result.objects.filter((o) => o.state !== 'encrypted' || o.current === false);
  for (const object of attention.slice(0, LISTED)) {
    const what = object.state === 'corrupt' ? `CORRUPT (${object.error})` : object.state === 'plaintext' ? 'PLAINTEXT' : `STALE ${object.encryptedWith}`;
    lines.push(`  ${what.padEnd(20)} ${terminalSafe(object.key)}`);
  }
  if (attention.length > LISTED) lines.push(`  ... and ${attention.length - LISTED} more (--format json lists every object)`);
  const keys = Object.entries(totals.byKey).map(([label, n]) => `${label} ${n}`).join(', ');
  lines.push(`${totals.objects} objects: ${totals.encrypted} encrypted, ${totals.plaintext} plaintext, ${totals.stale} stale, ${totals.corrupt} unreadable${keys ? ` (${keys})` : ''}`);
  lines.push(verifyPassed(result) && totals.corrupt === 0 ? 'OK: every object is encrypted with the current write key' : 'FAIL');
  return `${lines.join('\n')}\n`;
}
