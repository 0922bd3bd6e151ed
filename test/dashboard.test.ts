import { mkdirSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Rendered, tabOrder, watchPage, type PageWatch } from './helpers/browser.js';
import { HOSTILE, startSeededServer, type SeededServer } from './helpers/dashboard-seed.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';

/**
 * The dashboard in a real browser (Debian's Chromium, driven by puppeteer-core) against a real `rampart serve` seeded
 * from real scans (the repository's examples, a test image with vulnerable packages), on SQLite and on PostgreSQL.
 * Screenshots go to $RAMPART_TEST_OUTPUT/dashboard/<database>/ (default: the system temp dir); with
 * RAMPART_DOCS_SCREENSHOTS=1 the SQLite run also refreshes docs/images/dashboard-*.png.
 */

const OUTPUT = join(process.env.RAMPART_TEST_OUTPUT ?? join(tmpdir(), 'rampart-test-output'), 'dashboard');
const DOCS_IMAGES = join(import.meta.dirname, '..', 'docs', 'images');
/** The pages docs/dashboard.md shows. */
const DOCS_SHOTS = new Set(['overview', 'findings', 'image', 'clusters', 'admission', 'suppressions', 'compliance']);

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function raw(server: SeededServer, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Raw> {
  const url = new URL(path, server.url);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, ca: server.ca, servername: 'localhost', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned);
}

function suite(name: 'sqlite' | 'postgres', database: () => Promise<string | undefined>) {
  describe(`the dashboard on ${name}`, () => {
    let server: SeededServer;
    let browser: Browser;
    let page: Page;
    let watch: PageWatch;
    const shots = join(OUTPUT, name);

    beforeAll(async () => {
      mkdirSync(shots, { recursive: true });
      const url = await database();
      server = await startSeededServer(url ? { database: url } : {});
      browser = await launchBrowser();
      page = await browser.newPage();
      await page.setViewport({ width: 1360, height: 900 });
      watch = watchPage(page, server.url);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    const visit = async (path: string, screenshot?: string) => {
      const response = await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
      if (screenshot) {
        await page.screenshot({ path: join(shots, `${screenshot}.png`), fullPage: true });
        if (name === 'sqlite' && process.env.RAMPART_DOCS_SCREENSHOTS === '1' && DOCS_SHOTS.has(screenshot)) {
          mkdirSync(DOCS_IMAGES, { recursive: true });
          await page.screenshot({ path: join(DOCS_IMAGES, `dashboard-${screenshot}.png`), fullPage: false });
        }
      }
      return response!;
    };
    const text = (selector = 'main') => page.$eval(selector, (element) => (element as unknown as Rendered).innerText);

    it('sends an anonymous visitor to log in, answers API paths with 401, and sets the security headers', async () => {
      const overview = await raw(server, '/', { accept: 'text/html' });
      expect(overview.status).toBe(303);
      expect(overview.headers.location).toBe('/login?next=%2F');
      const unknownApi = await raw(server, '/api/v1/nothing-here');
      expect(unknownApi.status).toBe(401);
      expect(unknownApi.text).not.toContain('<html');
      const unknownPage = await raw(server, '/no/such/page', { accept: 'text/html' });
      expect(unknownPage.status).toBe(303);
      for (const path of ['/findings', '/images', `/images/${server.digest}/sbom`, '/clusters', '/ci', '/admission', '/suppressions']) {
        const answer = await raw(server, path, { accept: 'text/html' });
        expect(answer.status, path).toBe(303);
        expect(answer.text, path).toBe('');
      }
      const login = await raw(server, '/login');
      expect(login.status).toBe(200);
      expect(login.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'.*frame-ancestors 'none'/);
      expect(login.headers['x-content-type-options']).toBe('nosniff');
      expect(login.headers['x-frame-options']).toBe('DENY');
      expect(login.headers['cache-control']).toBe('no-store');
      const csrfCookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-rampart-csrf='));
      expect(csrfCookie).toMatch(/Path=\/; HttpOnly; Secure; SameSite=Strict/);
      // Pages take the API's bearer tokens with the API's scopes: read sees them, ingest (CI) does not.
      expect((await raw(server, '/images', { authorization: `Bearer ${server.tokens.read}` })).status).toBe(200);
      const ingest = await raw(server, '/images', { authorization: `Bearer ${server.tokens.ingest}` });
      expect(ingest.status).toBe(403);
      expect(ingest.text).not.toContain(server.digest);
      // The API is unchanged: JSON, bearer tokens.
      expect((await raw(server, '/api/v1/findings')).status).toBe(401);
      expect((await raw(server, '/api/v1/findings', { authorization: `Bearer ${server.tokens.read}` })).status).toBe(200);
    });

    it('refuses a form post without the CSRF token, a wrong token and an ingest-only token', async () => {
      const noCsrf = await raw(server, '/login', { 'content-type': 'application/x-www-form-urlencoded' }, 'POST', `token=${server.tokens.admin}`);
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringContaining('__Host-rampart-session')]));
      await visit('/login');
      for (const [token, why] of [['rmp_not-a-real-token-at-all-000000000000', 'unknown'], [server.tokens.ingest, 'ingest only']]) {
        await page.type('input[name=token]', token!);
        await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
        expect(await text(), why).toContain('That is not a live API token with the read or admin scope.');
        expect(page.url(), why).toContain('/login');
      }
    });

    it('logs in with a read token, shows the overview with counts, trend chart and riskiest images, and is keyboard navigable', async () => {
      await visit('/login?next=%2F');
      await page.type('input[name=token]', server.tokens.read);
      await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type=submit]')]);
      expect(new URL(page.url()).pathname).toBe('/');
      const cookies = await browser.cookies();
      const session = cookies.find((c) => c.name === '__Host-rampart-session')!;
      expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
      expect(session.value).not.toContain(server.tokens.read);
      await visit('/', 'overview');
      const overview = await text();
      expect(overview).toMatch(/Open findings/);
      const findingCounts = await page.$$eval('table.counts', (tables) => tables.map((t) => [...t.querySelectorAll('tbody tr')].map((r) => (r as unknown as Rendered).innerText.replace(/\s+/g, ' ').trim())));
      expect(findingCounts[0]!.join(' ')).toMatch(/high \d+/);
      const vulnerabilities = findingCounts[1]!.map((row) => Number(/(\d+)$/.exec(row)?.[1] ?? 0)).reduce((a, b) => a + b, 0);
      expect(vulnerabilities).toBeGreaterThanOrEqual(4);
      // uPlot drew the trend from the data attribute (no inline script: the CSP would have blocked it).
      expect(await page.$('#trend-chart .uplot canvas')).not.toBeNull();
      expect(await page.$(`a[href="/images/${encodeURIComponent(server.digest)}"]`)).not.toBeNull();
      expect(overview).toMatch(/Riskiest running workloads[\s\S]*shop\/Deployment\/web/);
      expect(overview).toMatch(/new findings/);
      const tabs = await tabOrder(page, 12);
      expect(tabs[0]).toMatch(/^a\[href=#main\]:Skip to content/);
      for (const link of ['/findings', '/vulnerabilities', '/images', '/clusters', '/ci', '/admission', '/suppressions', '/compliance']) expect(tabs.some((t) => t.startsWith(`a[href=${link}]`)), link).toBe(true);
      expect(tabs.at(-1)).toMatch(/button:Log out/);
    });

    it('filters findings and vulnerabilities through the URL, with fix versions', async () => {
      await visit('/findings?severity=high&status=open', 'findings');
      const severities = await page.$$eval('table.list tbody tr td:first-child', (cells) => cells.map((c) => (c as unknown as Rendered).innerText.trim()));
      expect(severities.length).toBeGreaterThan(0);
      expect(new Set(severities)).toEqual(new Set(['high']));
      expect(await page.$eval('select[name=severity]', (s) => (s as unknown as { value: string }).value)).toBe('high');
      await visit('/vulnerabilities?id=CVE-2020-8203', 'vulnerabilities');
      const vulnerabilities = await text();
      expect(vulnerabilities).toMatch(/CVE-2020-8203[\s\S]*lodash[\s\S]*4\.17\.15[\s\S]*4\.17\.19/);
      expect(vulnerabilities).not.toContain('CVE-2023-44487');
      const bad = await visit('/findings?severity=catastrophic');
      expect(bad.status()).toBe(400);
      expect(await text()).toContain('severity must be one of');
    });

    it('shows an image: tags, where it runs, the pull request that brought it, vulnerabilities, and its SBOM for download', async () => {
      await visit('/images', 'images');
      expect(await text()).toContain(server.digest.slice(0, 19));
      await visit(`/images/${server.digest}`, 'image');
      const image = await text();
      expect(image).toContain(server.digest);
      expect(image).toContain('registry.example/shop:1.4');
      expect(image).toMatch(/prod-eu\s+shop\s+Deployment\/web\s+app/);
      expect(image).toMatch(/pull request 42, commit 3f1c2a9e7b5d/);
      expect(image).toMatch(/CVE-2023-45853[\s\S]*zlib/);
      const sbom = await page.evaluate(async (href) => {
        const response = await fetch(href);
        return { status: response.status, disposition: response.headers.get('content-disposition'), body: (await response.json()) as { bomFormat?: string; components?: Array<{ name: string }> } };
      }, await page.$eval('a[download]', (a) => (a as unknown as { href: string }).href));
      expect(sbom.status).toBe(200);
      expect(sbom.disposition).toMatch(/^attachment; filename="sbom-sha256-[0-9a-f]+\.json"$/);
      expect(sbom.body.bomFormat).toBe('CycloneDX');
      expect(sbom.body.components?.map((c) => c.name)).toEqual(expect.arrayContaining(['lodash']));
    });

    it('shows clusters: findings by namespace, RBAC escalation paths from the scan, the NetworkPolicy graph', async () => {
      await visit('/clusters', 'clusters');
      const clusters = await text();
      expect(clusters).toContain('prod-eu');
      expect(clusters).toMatch(/RBAC escalation paths[\s\S]*k8s\/rbac-/);
      expect(clusters).toMatch(/NetworkPolicy exposure[\s\S]*k8s\/netpol-/);
      expect(await page.$('#netpol-graph canvas')).not.toBeNull();
      await visit('/clusters/prod-eu', 'cluster');
      const cluster = await text();
      expect(cluster).toMatch(/3 containers in 2 namespaces/);
      expect(cluster).toMatch(/Open findings by namespace \(project prod-eu\)/);
      expect(cluster).toMatch(/k8s\/rbac-/);
    });

    it('lists CI runs, admission decisions and suppressions with reasons, who and expiry', async () => {
      await visit('/ci', 'ci');
      const ci = await text();
      expect(ci).toMatch(/payments-api|layout/);
      expect(ci).toContain('https://ci.example/prod-eu/runs/7');
      await visit('/admission?decision=denied', 'admission');
      const admission = await text();
      expect(admission).toContain('denied');
      expect(admission).not.toMatch(/\ballowed\b.*argocd/);
      await visit('/suppressions', 'suppressions');
      const suppressions = await text();
      expect(suppressions).toMatch(/CVE-2023-45853[\s\S]*zlib minizip is not used[\s\S]*security-team/);
      // A read token sees suppressions but gets no form to change them.
      expect(await page.$('form[action="/suppressions"]')).toBeNull();
      const refused = await page.evaluate(async () => (await fetch('/suppressions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'target=x&reason=because' })).status);
      expect(refused).toBe(403);
    });

    it('shows a cluster project\'s compliance report with failing controls and its evidence, and exports it', async () => {
      await visit('/compliance?project=prod-eu&framework=cis', 'compliance');
      const report = await text();
      expect(report).toMatch(/CIS Kubernetes Benchmark/);
      expect(report).toMatch(/5\.1\.\d/);
      expect(report).toMatch(/fail/i);
      expect(report).toMatch(/k8s\/rbac-[\w-]+[\s\S]*rbac\.yaml:\d+/);
      expect(await page.$eval('select[name=framework]', (s) => (s as unknown as { value: string }).value)).toBe('cis');
      const exported = await page.evaluate(async () => {
        const response = await fetch('/compliance/report.json?project=prod-eu&framework=nsa');
        return { status: response.status, body: (await response.json()) as { framework: { id: string }; controls: Array<{ id: string; status: string }> } };
      });
      expect(exported.status).toBe(200);
      expect(exported.body.framework.id).toBe('nsa');
      expect(exported.body.controls.some((c) => c.status === 'fail')).toBe(true);
      expect((await visit('/compliance?framework=sox')).status()).toBe(400);
    });

    it('answers an unknown page with a 404 page, and shows every hostile name, message and path as text without running it', async () => {
      const missing = await visit('/no/such/page', 'not-found');
      expect(missing.status()).toBe(404);
      expect(await text()).toContain('Not found');
      for (const path of ['/', '/findings?status=all', `/findings?project=${encodeURIComponent(HOSTILE.project)}`, '/vulnerabilities', '/images', '/clusters', '/clusters/prod-eu', `/clusters/${encodeURIComponent(HOSTILE.cluster)}`, '/ci', '/admission', '/suppressions', `/compliance?project=${encodeURIComponent(HOSTILE.project)}&framework=pss`, `/findings?rule=${encodeURIComponent('<script>alert(1)</script>')}`]) {
        await visit(path);
        expect(await pwned(page), path).toBeUndefined();
      }
      await visit(`/findings?project=${encodeURIComponent(HOSTILE.project)}`, 'hostile-findings');
      const findings = await text();
      expect(findings).toContain(HOSTILE.objectName);
      expect(findings).toContain(HOSTILE.fileName);
      expect(await page.$$('main script, main img, main svg')).toHaveLength(0);
      await visit('/ci');
      expect(await text()).toContain(HOSTILE.project);
      await visit('/admission');
      expect(await text()).toContain(HOSTILE.user);
      await visit('/clusters/prod-eu');
      expect(await text()).toContain(HOSTILE.workload);
      await visit('/clusters');
      expect(await text()).toContain(HOSTILE.cluster);
      await visit('/suppressions');
      expect(await text()).toContain(HOSTILE.reason);
      expect(await page.$$('main script, main img, main svg, main b')).toHaveLength(0);
      expect(watch.dialogs).toEqual([]);
      expect(watch.foreignRequests).toEqual([]);
      // No CSP violation, no script error on any page: escaping held and the charts ran under the policy. (The
      // 4xx answers are this suite's own refused logins, forms and unknown pages.)
      expect(watch.errors.filter((e) => !/the server responded with a status of 40[0134]/.test(e))).toEqual([]);
    });

    it('lets an admin suppress and un-suppress with CSRF-protected forms, then logs out', async () => {
      await page.$eval('form.logout', (form) => (form as unknown as { submit(): void }).submit());
      await page.waitForNavigation();
      expect(new URL(page.url()).pathname).toBe('/login');
      expect((await visit('/')).url()).toContain('/login?next=%2F');
      await page.type('input[name=token]', server.tokens.admin);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await visit('/suppressions');
      await page.type('input[name=target]', 'k8s/privileged-container');
      await page.type('input[name=reason]', 'break-glass debugging pod, tracked in SEC-12');
      await Promise.all([page.waitForNavigation(), page.click('form[action="/suppressions"] button[type=submit]')]);
      expect(await text()).toMatch(/k8s\/privileged-container[\s\S]*break-glass debugging pod, tracked in SEC-12[\s\S]*security-team/);
      const stored = JSON.parse((await server.api('GET', '/api/v1/suppressions')).text) as { items: Array<{ id: number; target: string; createdBy: string }> };
      const added = stored.items.find((s) => s.target === 'k8s/privileged-container')!;
      expect(added.createdBy).toBe('security-team');
      await Promise.all([page.waitForNavigation(), page.click(`form[action="/suppressions/${added.id}/delete"] button`)]);
      expect(await text()).not.toContain('break-glass');
      // A forged cross-site form (no CSRF token) changes nothing.
      const forged = await page.evaluate(async () => (await fetch('/suppressions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'target=x&reason=forged' })).status);
      expect(forged).toBe(403);
      // A revoked token's session ends at the next request.
      const tokens = JSON.parse((await server.api('GET', '/api/v1/tokens')).text) as { items: Array<{ id: number; name: string }> };
      expect((await server.api('DELETE', `/api/v1/tokens/${tokens.items.find((t) => t.name === 'security-team')!.id}`)).status).toBe(204);
      expect((await visit('/suppressions')).url()).toContain('/login?next=%2Fsuppressions');
    });
  });
}

suite('sqlite', async () => undefined);

let postgres: PostgresServer | undefined;
afterAll(async () => postgres?.stop());
suite('postgres', async () => {
  postgres = await startPostgres();
  return postgres.createDatabase('dashboard');
});
