import { parseChallenges, type AuthChallenge } from './challenge.js';
import type { RegistryCredentials } from './docker-config.js';
import { RegistryError } from './errors.js';
import { readLimitedBody, type RetryingFetcher } from './fetcher.js';

const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/**
 * Authorization for one registry: nothing until the registry challenges, then Basic credentials or a Bearer token
 * fetched from the challenge's realm. Tokens are cached per scope, so a whole pull costs one token request.
 */
export class RegistryAuth {
  private readonly tokens = new Map<string, string>();
  private basic: string | undefined;

  constructor(
    private readonly registry: string,
    private readonly credentials: RegistryCredentials | undefined,
    private readonly fetcher: RetryingFetcher,
  ) {}

  get hasCredentials(): boolean {
    return this.credentials !== undefined;
  }

  header(scope: string): Record<string, string> {
    const value = this.tokens.get(scope) ?? this.basic;
    return value === undefined ? {} : { authorization: value };
  }

  /** Answers a 401's challenge so the request can be repeated; throws when it cannot be answered. */
  async answer(wwwAuthenticate: string | string[] | undefined, scope: string): Promise<void> {
    const challenges = parseChallenges(wwwAuthenticate);
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
    if (bearer) {
      this.tokens.set(scope, `Bearer ${await this.fetchToken(bearer, scope)}`);
      return;
    }
    if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      if (!this.credentials) {
        throw new RegistryError('unauthorized', `authentication required by ${this.registry} and no credentials are configured for it`);
      }
      this.basic = basicHeader(this.credentials);
      return;
    }
    const schemes = challenges.map((challenge) => challenge.scheme).join(', ') || 'none';
    throw new RegistryError('unauthorized', `${this.registry} requires authentication with an unsupported scheme (${schemes})`);
  }

  private async fetchToken(challenge: AuthChallenge, scope: string): Promise<string> {
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new RegistryError('invalid-response', `${this.registry} sent a Bearer challenge without a usable realm URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new RegistryError('invalid-response', `${this.registry} sent a token realm with unsupported scheme ${url.protocol}`);
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? scope);
    const response = await this.fetcher.get(url, this.credentials ? { authorization: basicHeader(this.credentials) } : {});
    const status = response.statusCode ?? 0;
    if (status !== 200) {
      response.resume();
      const detail = status === 401 || status === 403 ? (this.credentials ? 'credentials rejected' : 'anonymous access refused') : `HTTP ${status}`;
      throw new RegistryError(status === 401 || status === 403 ? 'unauthorized' : 'http', `token service ${url.host} for ${this.registry}: ${detail}`);
    }
    const body = await readLimitedBody(response, MAX_TOKEN_RESPONSE_BYTES, `token response from ${url.host}`);
    const token = tokenFrom(body);
    if (!token) throw new RegistryError('invalid-response', `token service ${url.host} answered without a token`);
    return token;
  }
}

function tokenFrom(body: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { token, access_token: accessToken } = parsed as Record<string, unknown>;
  const value = typeof token === 'string' && token !== '' ? token : accessToken;
  // The token goes into a header: anything that could split it is refused.
  return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value) ? value : undefined;
}

function basicHeader(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
