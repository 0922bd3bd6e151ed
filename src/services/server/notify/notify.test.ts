import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VulnerabilityFinding } from '../../../core/vulnerability.js';
import type { MatchDiff } from '../rematch/index.js';
import { createNotifier, MAX_LISTED, SIGNATURE_HEADER, TIMESTAMP_HEADER, type ImageChange, type WebhookPayload } from './index.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let received: Received[];
/** How the server answers the next requests, in order; then 200. */
let script: Array<(response: ServerResponse) => void>;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = script.shift();
      if (answer) answer(response);
      else response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  script = [];
});

function finding(id: string, name: string, severity: VulnerabilityFinding['severity']['level'], extra: Partial<VulnerabilityFinding> = {}): VulnerabilityFinding {
  return {
    id,
    aliases: [`GHSA-${id.slice(-4)}-aaaa-bbbb`],
    advisories: [id],
    summary: 'Prototype pollution <script>alert(1)</script> & more',
    package: { ecosystem: 'npm', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` },
    locations: [{ file: 'app/package-lock.json' }],
    severity: { level: severity, score: 9.8, source: 'CVSS_V3' },
    fixedVersions: ['1.0.1'],
    fingerprint: 'f'.repeat(32),
    ...extra,
  };
}

const emptyDiff = (): MatchDiff => ({ added: [], gone: [], fixAvailable: [], severityChanged: [] });
const change = (diff: Partial<MatchDiff>, digest = `sha256:${'a'.repeat(64)}`): ImageChange => ({
  digest,
  references: ['registry.example/shop/web:1.4'],
  diff: { ...emptyDiff(), ...diff },
});
const fast = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 50 };

function capturedLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const logger = pino({ base: null }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) }));
  return { logger, text: () => lines.join('') };
}

describe('webhook target', () => {
  it('posts the documented JSON body with a verifiable HMAC-SHA256 signature over timestamp and body', async () => {
    const notifier = createNotifier({ targets: [{ name: 'siem', kind: 'webhook', url: `${base}/hook`, secret: 's3cret-value' }] });
    const gone = { id: 'CVE-2020-1', ecosystem: 'npm', name: 'old', version: '0.1.0', severity: 'low' as const, fixedVersions: [] };
    const results = await notifier.notify(
      change({ added: [finding('CVE-2024-0002', 'lodash', 'critical'), finding('CVE-2024-0001', 'ip', 'low')], gone: [gone] }),
    );
    expect(results).toEqual([{ target: 'siem', status: 'sent', attempts: 1 }]);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.path).toBe('/hook');
    expect(request!.headers['content-type']).toBe('application/json');
    const timestamp = request!.headers[TIMESTAMP_HEADER] as string;
    const expected = `sha256=${createHmac('sha256', 's3cret-value').update(`${timestamp}.${request!.body}`).digest('hex')}`;
    expect(request!.headers[SIGNATURE_HEADER]).toBe(expected);
    const body = JSON.parse(request!.body) as WebhookPayload;
    expect(body).toMatchObject({
      type: 'rampart.image.vulnerabilities.changed',
      version: 1,
      image: { digest: `sha256:${'a'.repeat(64)}`, references: ['registry.example/shop/web:1.4'] },
      counts: { added: 2, gone: 1, fixAvailable: 0, severityChanged: 0, addedBySeverity: { critical: 1, low: 1, high: 0 } },
      truncated: false,
      gone: [{ id: 'CVE-2020-1', severity: 'low', package: { ecosystem: 'npm', name: 'old', version: '0.1.0' } }],
    });
    expect(body.added.map((v) => v.id)).toEqual(['CVE-2024-0002', 'CVE-2024-0001']);
    expect(body.added[0]).toEqual({
      id: 'CVE-2024-0002',
      aliases: ['GHSA-0002-aaaa-bbbb'],
      severity: 'critical',
      score: 9.8,
      summary: 'Prototype pollution <script>alert(1)</script> & more',
      package: { ecosystem: 'npm', name: 'lodash', version: '1.0.0', purl: 'pkg:npm/lodash@1.0.0' },
      fixedVersions: ['1.0.1'],
    });
    expect(request!.headers['x-rampart-delivery']).toBe(body.id);
  });

  it('sends no signature header without a secret, and nothing at all for an empty diff', async () => {
    const notifier = createNotifier({ targets: [{ name: 'plain', kind: 'webhook', url: `${base}/plain` }] });
    expect(await notifier.notify(change({}))).toEqual([]);
    expect(received).toHaveLength(0);
    await notifier.notify(change({ added: [finding('CVE-2024-0003', 'a', 'high')] }));
    expect(received[0]!.headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  it('cuts long lists but keeps the counts exact', async () => {
    const notifier = createNotifier({ targets: [{ name: 'siem', kind: 'webhook', url: `${base}/hook` }] });
    const many = Array.from({ length: MAX_LISTED + 50 }, (_, i) => finding(`CVE-2024-${1000 + i}`, `pkg-${i}`, 'medium'));
    await notifier.notify(change({ added: many }));
    const body = JSON.parse(received[0]!.body) as WebhookPayload;
    expect(body.counts.added).toBe(MAX_LISTED + 50);
    expect(body.added).toHaveLength(MAX_LISTED);
    expect(body.truncated).toBe(true);
  });
});

describe('Slack target', () => {
  it('posts text and blocks with the advisory text escaped', async () => {
    const notifier = createNotifier({ targets: [{ name: 'slack', kind: 'slack', url: `${base}/services/T000/B000/XXXX` }] });
    const evil = finding('CVE-2024-0009', '<evil>&pkg', 'critical');
    await notifier.notify(change({ added: [evil, finding('CVE-2024-0010', 'ip', 'low', { fixedVersions: [] })], fixAvailable: [finding('CVE-2023-1', 'qs', 'high')] }));
    const body = JSON.parse(received[0]!.body) as { text: string; blocks: Array<{ type: string; text?: { text: string } }> };
    expect(body.text).toBe('Rampart: registry.example/shop/web:1.4: 2 new vulnerabilities (1 critical, 1 low); 1 now fixable');
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    const list = body.blocks[2]!.text!.text;
    expect(list).toContain('*CVE-2024-0009* critical in `&lt;evil&gt;&amp;pkg@1.0.0`, fixed in 1.0.1');
    expect(list).toContain('*CVE-2024-0010* low in `ip@1.0.0`, no fix yet');
    expect(list).not.toContain('<evil>');
    expect(received[0]!.headers[SIGNATURE_HEADER]).toBeUndefined();
  });
});

describe('delivery', () => {
  it('sends one change once per target, and a different change again', async () => {
    const notifier = createNotifier({
      targets: [
        { name: 'a', kind: 'webhook', url: `${base}/a` },
        { name: 'b', kind: 'slack', url: `${base}/b` },
      ],
    });
    const one = change({ added: [finding('CVE-2024-0001', 'ip', 'low')] });
    expect((await notifier.notify(one)).map((r) => r.status)).toEqual(['sent', 'sent']);
    // The same diff found by the next re-match, its findings in another order and as new objects.
    const again = change({ added: [{ ...finding('CVE-2024-0001', 'ip', 'low') }] });
    expect((await notifier.notify(again)).map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const more = change({ added: [finding('CVE-2024-0001', 'ip', 'low'), finding('CVE-2024-0005', 'qs', 'high')] });
    expect((await notifier.notify(more)).map((r) => r.status)).toEqual(['sent', 'sent']);
    const otherImage = change({ added: [finding('CVE-2024-0001', 'ip', 'low')] }, `sha256:${'b'.repeat(64)}`);
    expect((await notifier.notify(otherImage)).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(received.map((r) => r.path)).toEqual(['/a', '/b', '/a', '/b', '/a', '/b']);
  });

  it('retries 503 and 429 with backoff, and gives up on a 400 at once without marking it sent', async () => {
    const notifier = createNotifier({ targets: [{ name: 'flaky', kind: 'webhook', url: `${base}/flaky` }], retry: fast });
    script = [(r) => r.writeHead(503).end(), (r) => r.writeHead(429, { 'retry-after': '0' }).end()];
    const first = change({ added: [finding('CVE-2024-0001', 'ip', 'low')] });
    expect(await notifier.notify(first)).toEqual([{ target: 'flaky', status: 'sent', attempts: 3 }]);
    expect(received).toHaveLength(3);

    script = [(r) => r.writeHead(400).end('bad')];
    const second = change({ added: [finding('CVE-2024-0002', 'qs', 'low')] });
    expect(await notifier.notify(second)).toEqual([{ target: 'flaky', status: 'failed', attempts: 1, error: 'HTTP 400' }]);
    // Not recorded as sent: the next re-match tries again.
    expect(await notifier.notify(second)).toEqual([{ target: 'flaky', status: 'sent', attempts: 1 }]);
  });

  it('times out a receiver that does not answer, and logs neither the secret nor the URL path', async () => {
    const { logger, text } = capturedLogger();
    const hang = (): void => undefined;
    script = [hang, hang, hang];
    const notifier = createNotifier({
      targets: [{ name: 'slow', kind: 'webhook', url: `${base}/T0001/secret-path-token`, secret: 'hmac-secret-123' }],
      retry: fast,
      timeoutMs: 100,
      logger,
    });
    const results = await notifier.notify(change({ added: [finding('CVE-2024-0001', 'ip', 'low')] }));
    expect(results).toEqual([{ target: 'slow', status: 'failed', attempts: 3, error: 'timed out' }]);
    expect(received).toHaveLength(3);
    expect(text()).toContain('notification failed');
    expect(text()).toContain('"target":"slow"');
    expect(text()).not.toContain('secret-path-token');
    expect(text()).not.toContain('hmac-secret-123');
  });

  it('does not follow redirects', async () => {
    script = [(r) => r.writeHead(307, { location: `${base}/elsewhere` }).end()];
    const notifier = createNotifier({ targets: [{ name: 'moved', kind: 'webhook', url: `${base}/moved` }], retry: { ...fast, maxAttempts: 1 } });
    const [result] = await notifier.notify(change({ added: [finding('CVE-2024-0001', 'ip', 'low')] }));
    expect(result!.status).toBe('failed');
    expect(received.map((r) => r.path)).toEqual(['/moved']);
  });

  it('reports an unreachable receiver as failed and keeps going with the other targets', async () => {
    const notifier = createNotifier({
      targets: [
        { name: 'down', kind: 'webhook', url: 'http://127.0.0.1:1/hook' },
        { name: 'up', kind: 'webhook', url: `${base}/up` },
      ],
      retry: fast,
    });
    const results = await notifier.notify(change({ added: [finding('CVE-2024-0001', 'ip', 'low')] }));
    expect(results[0]).toMatchObject({ target: 'down', status: 'failed', attempts: 3 });
    expect(results[0]!.error).toMatch(/^network error/);
    expect(results[1]).toEqual({ target: 'up', status: 'sent', attempts: 1 });
  });
});

describe('configuration', () => {
  it('refuses plain HTTP to other hosts, bad URLs, duplicate names and secrets for Slack', () => {
    expect(() => createNotifier({ targets: [{ name: 'x', kind: 'webhook', url: 'http://hooks.example.com/x' }] })).toThrow(/x: http: URL refused/);
    expect(() => createNotifier({ targets: [{ name: 'x', kind: 'webhook', url: 'not a url' }] })).toThrow(/x: not a valid URL/);
    expect(() => createNotifier({ targets: [{ name: 'x', kind: 'webhook', url: 'file:///etc/passwd' }] })).toThrow(/file: URL refused/);
    expect(() =>
      createNotifier({
        targets: [
          { name: 'x', kind: 'webhook', url: 'https://a.example/x' },
          { name: 'x', kind: 'slack', url: 'https://b.example/x' },
        ],
      }),
    ).toThrow(/used twice/);
    expect(() => createNotifier({ targets: [{ name: 's', kind: 'slack', url: 'https://hooks.slack.com/x', secret: 'k' }] })).toThrow(/no secret/);
    expect(createNotifier({ targets: [{ name: 'x', kind: 'webhook', url: 'http://hooks.example.com/x', insecure: true }] })).toBeDefined();
    expect(createNotifier({ targets: [{ name: 'x', kind: 'webhook', url: 'https://hooks.example.com/x' }] })).toBeDefined();
  });
});
