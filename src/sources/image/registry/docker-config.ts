import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB_REGISTRY } from './reference.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface CredentialLookup {
  credentials?: RegistryCredentials;
  /** Why configured credentials were not used (credential helpers, unreadable or malformed file). */
  warnings: string[];
}

/** Docker Hub credentials are stored under its v1 index URL by `docker login`, and sometimes under the other aliases. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', DOCKER_HUB_REGISTRY];
const MAX_CONFIG_BYTES = 1024 * 1024;

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'config.json') : join(homedir(), '.docker', 'config.json');
}

/** Keys are written as bare hosts or as URLs (`https://host/v1/`); both name the same registry. */
function normalizeKey(key: string): string {
  return key
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

function wantedKeys(registry: string): Set<string> {
  const keys = registry === DOCKER_HUB_REGISTRY ? DOCKER_HUB_KEYS : [registry];
  return new Set(keys.map(normalizeKey));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Credentials for `registry` from a Docker config file. Credential helpers are never run: executing a binary named by a
 * config file is not something a scanner should do implicitly, so they only produce a warning.
 */
export async function lookupDockerCredentials(registry: string, configPath = defaultDockerConfigPath()): Promise<CredentialLookup> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { warnings: [] };
    return { warnings: [`cannot read Docker config ${configPath}: ${(error as Error).message}; pulling anonymously`] };
  }
  if (text.length > MAX_CONFIG_BYTES) return { warnings: [`Docker config ${configPath} is larger than 1 MiB; ignored`] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { warnings: [`Docker config ${configPath} is not valid JSON (${(error as Error).message}); pulling anonymously`] };
  }
  if (!isRecord(parsed)) return { warnings: [`Docker config ${configPath} is not a JSON object; ignored`] };
  return credentialsFromConfig(parsed, registry, configPath);
}

export function credentialsFromConfig(config: Record<string, unknown>, registry: string, source: string): CredentialLookup {
  const keys = wantedKeys(registry);
  const warnings: string[] = [];
  const helpers = isRecord(config.credHelpers) ? config.credHelpers : {};
  const helper = Object.entries(helpers).find(([key]) => keys.has(normalizeKey(key)))?.[1];
  const auths = isRecord(config.auths) ? config.auths : {};
  const entry = Object.entries(auths).find(([key]) => keys.has(normalizeKey(key)))?.[1];
  const credentials = isRecord(entry) ? decodeEntry(entry) : undefined;

  if (credentials) return { credentials, warnings };
  if (typeof helper === 'string') {
    warnings.push(`${source} names credential helper "docker-credential-${helper}" for ${registry}; credential helpers are not supported, pulling anonymously`);
  } else if (typeof config.credsStore === 'string') {
    warnings.push(`${source} uses credential store "docker-credential-${config.credsStore}"; credential stores are not supported, pulling ${registry} anonymously`);
  } else if (isRecord(entry) && typeof entry.auth === 'string' && entry.auth !== '') {
    warnings.push(`${source}: the "auth" entry for ${registry} is not base64 "user:password"; pulling anonymously`);
  }
  return { warnings };
}

function decodeEntry(entry: Record<string, unknown>): RegistryCredentials | undefined {
  if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username !== '') {
    return { username: entry.username, password: entry.password };
  }
  if (typeof entry.auth !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(entry.auth)) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
