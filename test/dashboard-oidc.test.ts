import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/sources/image/registry/testing/registry-server.js';
import { launchBrowser, type Rendered } from './helpers/browser.js';
import { runCli } from './helpers/cli.js';
import { startSeededServer, type SeededServer } from './helpers/dashboard-seed.js';

/**
 * People log in through a real OpenID Connect provider (node-oidc-provider, on 127.0.0.1) that requires PKCE: the
 * dashboard's authorization code flow must send the challenge, check state and nonce, and open a read session.
 */

const CLIENT_ID = 'rampart-dashboard';
const CLIENT_SECRET = 'a-client-secret-only-this-test-knows-0123456789';

let dir: string;
let provider: Server;
let issuer: string;
let server: SeededServer;
let browser: Browser;
let page: Page;
const callbacks: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-dashboard-oidc-'));
  const issuerPort = await freePort();
  const serverPort = await freePort();
  issuer = `http://127.0.0.1:${issuerPort}`;
  const oidc = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`https://localhost:${serverPort}/auth/oidc/callback`],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
    }],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: async (_context, sub) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@example.test`, email_verified: true }) }),
    cookies: { keys: ['a-cookie-signing-key-for-the-test-provider'] },
    features: { devInteractions: { enabled: true } },
  });
  provider = createServer(oidc.callback());
  await new Promise<void>((done) => provider.listen(issuerPort, '127.0.0.1', done));
  const secretFile = join(dir, 'client-secret');
  await writeFile(secretFile, `${CLIENT_SECRET}\n`);
  server = await startSeededServer({ port: serverPort, flags: { 'oidc-issuer': issuer, 'oidc-client-id': CLIENT_ID, 'oidc-client-secret-file': secretFile } });
  browser = await launchBrowser();
  page = await browser.newPage();
  // The provider's development login page imports a web font; nothing here may leave the machine.
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url().includes('/auth/oidc/callback?')) callbacks.push(request.url());
    void (/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(request.url()) ? request.continue() : request.abort());
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((done) => provider?.close(done));
  await rm(dir, { recursive: true, force: true });
});

describe('dashboard login through OIDC', () => {
  it('runs the authorization code flow with PKCE against a real provider and opens a read-only session', async () => {
    await page.goto(`${server.url}/suppressions`, { waitUntil: 'domcontentloaded' });
    expect(new URL(page.url()).pathname).toBe('/login');
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('a[href^="/auth/oidc"]')]);
    expect(page.url().startsWith(`${issuer}/interaction/`)).toBe(true);
    await page.type('input[name=login]', 'alice');
    await page.type('input[name=password]', 'anything');
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[type=submit]')]);
    // The consent prompt, then back to the dashboard page the login started from.
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[type=submit]')]);
    await page.waitForFunction(() => (globalThis as unknown as { location: { pathname: string } }).location.pathname === '/suppressions');
    expect(await page.$eval('.who', (e) => e.textContent)).toBe('oidc:alice@example.test');
    expect(await page.$eval('main', (e) => (e as unknown as Rendered).innerText)).toContain('zlib minizip is not used');
    // People from the identity provider read; changing suppressions takes an admin token.
    expect(await page.$('form[action="/suppressions"]')).toBeNull();
    const cookies = await browser.cookies();
    expect(cookies.find((c) => c.name === '__Host-rampart-session')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === '__Host-rampart-oidc')).toBeUndefined();
  });

  it('refuses a callback it did not start, and a replayed one', async () => {
    const forged = await page.goto(`${server.url}/auth/oidc/callback?code=stolen&state=guessed`, { waitUntil: 'domcontentloaded' });
    expect(forged!.status()).toBe(400);
    expect(await page.$eval('main', (e) => (e as unknown as Rendered).innerText)).toContain('Login expired');
    // The provider's real answer, sent again: the pending login was taken by its first use.
    expect(callbacks[0]).toContain('code=');
    const replayed = await page.goto(callbacks[0]!, { waitUntil: 'domcontentloaded' });
    expect(replayed!.status()).toBe(400);
  });
});

describe('rampart serve OIDC flags', () => {
  it.each([
    [['--oidc-issuer', 'http://idp.example.com'], 2, /go together/],
    [['--oidc-issuer', 'http://idp.example.com', '--oidc-client-id', 'x', '--oidc-client-secret-file', 'secret'], 2, /must be an https:\/\/ URL/],
    [['--oidc-issuer', 'https://idp.example.com', '--oidc-client-id', 'x', '--oidc-client-secret-file', 'missing-secret'], 3, /client secret file missing-secret is unreadable \(ENOENT\)/],
  ])('refuses %j', async (flags, code, message) => {
    const run = await runCli(['serve', '--database', 'sqlite:flags.db', ...flags], { cwd: dir });
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });
});
