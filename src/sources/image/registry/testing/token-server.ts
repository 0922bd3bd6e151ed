import { execFile } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TokenRequestRecord {
  service: string | null;
  scope: string | null;
  /** The Basic user the client sent, if any. */
  user?: string;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  /** PEM of the self-signed signing certificate, for the registry's `rootcertbundle`. */
  certPath: string;
  requests: TokenRequestRecord[];
  stop(): Promise<void>;
}

/**
 * A Docker token service for Distribution's `auth: token`: issues ES256 JWTs signed by a throw-away self-signed
 * certificate (made with openssl), carried in the `x5c` header so the registry verifies the chain against its bundle.
 * `users` get pull access with Basic credentials; anonymous requests get it when `anonymous` is set.
 */
export async function startTokenServer(
  dir: string,
  options: { users?: Record<string, string>; anonymous?: boolean; tokenField?: 'token' | 'access_token' } = {},
): Promise<TokenServer> {
  const keyPath = join(dir, 'token-key.pem');
  const certPath = join(dir, 'token-cert.pem');
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=rampart-test-token-signer',
  ]);
  const key = createPrivateKey(await readFile(keyPath));
  const certificate = new X509Certificate(await readFile(certPath));
  const service = 'rampart-test-registry';
  const issuer = 'rampart-test-issuer';
  const requests: TokenRequestRecord[] = [];

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const user = basicUser(request.headers.authorization, options.users ?? {});
    requests.push({ service: url.searchParams.get('service'), scope: url.searchParams.get('scope'), ...(user ? { user: user.name } : {}) });
    if ((user && !user.valid) || (!user && !options.anonymous)) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"incorrect username or password"}');
      return;
    }
    const access = (url.searchParams.get('scope') ?? '')
      .split(' ')
      .map((scope) => /^repository:([^:]+):([a-z,]+)$/.exec(scope))
      .flatMap((match) => (match ? [{ type: 'repository', name: match[1], actions: ['pull'] }] : []));
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [certificate.raw.toString('base64')] };
    const claims = { iss: issuer, sub: user?.name ?? '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
    const token = `${signingInput}.${base64url(signature)}`;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ [options.tokenField ?? 'token']: token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPath,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function basicUser(header: string | undefined, users: Record<string, string>): { name: string; valid: boolean } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const name = decoded.slice(0, colon);
  return { name, valid: colon > 0 && users[name] === decoded.slice(colon + 1) };
}
