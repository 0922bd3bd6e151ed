import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { launch } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { buildComplianceReport } from '../../checks/compliance/build.js';
import type { ComplianceReport } from '../../checks/compliance/types.js';
import { FRAMEWORK_IDS } from '../../checks/compliance/types.js';
import { scan } from '../../pipeline/full-scan.js';
import type { ScanOptions } from '../../pipeline/scan.js';
import { DEFAULT_TEST_SETTINGS } from '../../testing/kubernetes.js';
import { renderComplianceBody, renderComplianceHtml } from './html.js';
import { renderComplianceJson } from './json.js';
import { renderComplianceTable } from './table.js';

const NOW = new Date('2026-06-01T00:00:00Z');

/** Names and messages an attacker controls: a pod name, a container name, a suppression reason, a terminal escape. */
const HOSTILE = `apiVersion: v1
kind: Pod
metadata:
  name: "<script>window.pwned = 1</script>"
  namespace: "a\\u001b]0;owned\\u0007"
  annotations:
    rampart.io/ignore: "k8s/pss-host-ports: <img src=x onerror=\\"window.pwned=2\\"> approved"
spec:
  containers:
    - name: "<img src=x onerror=window.pwned=3>"
      image: nginx:1.27
      securityContext: {privileged: true}
      ports: [{containerPort: 80, hostPort: 80}]
`;

async function hostileReport(framework: (typeof FRAMEWORK_IDS)[number] = 'pss'): Promise<ComplianceReport> {
  const options: ScanOptions = { paths: ['-'], stdinText: HOSTILE, cwd: tmpdir(), exclude: [], settings: DEFAULT_TEST_SETTINGS, rules: {}, exemptions: [], ignoreEntries: [], strict: false, now: NOW };
  const { report } = await scan(options);
  return buildComplianceReport(report, framework, { now: NOW });
}

describe('HTML', () => {
  it('escapes every value that came from the scan', async () => {
    const report = await hostileReport();
    const privileged = report.controls.find((c) => c.id === 'baseline/privileged')!;
    expect(privileged.failing[0]?.message).toContain('<img src=x');
    const html = renderComplianceHtml(report);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;window.pwned = 1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=window.pwned=3&gt;');
    expect(html).toContain('Suppressed (1)');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt; approved');
  });

  it('is one self-contained document: inline styles, nothing to fetch, no script, print rules', async () => {
    const html = renderComplianceHtml(await hostileReport('cis'));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(html).toContain('@media print');
    expect(html).toContain('@page');
    for (const id of ['1.1.1', '5.2.2', '5.7.4']) expect(html).toContain(`id="control-${id.replace(/\./g, '-')}"`);
    expect(html).toContain('<code>k8s/pss-host-namespaces</code> (findings at <code>\\.hostPID$</code>)');
  });

  it('has a body for embedding without the document or its styles', async () => {
    const body = renderComplianceBody(await hostileReport());
    expect(body).not.toContain('<html');
    expect(body).not.toContain('<style');
    expect(body).toContain('Pod Security Standards');
  });

  it('runs nothing when a browser opens it with JavaScript on', async () => {
    const html = renderComplianceHtml(await hostileReport());
    const browser = await launch({ executablePath: process.env.RAMPART_CHROMIUM ?? '/usr/bin/chromium', headless: true, pipe: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        requests.push(request.url());
        void request.abort();
      });
      await page.setContent(html, { waitUntil: 'load' });
      // Expressions as text: the test's TypeScript has no DOM types, the page has.
      const seen = {
        pwned: await page.evaluate('typeof window.pwned'),
        scripts: (await page.$$('script')).length,
        images: (await page.$$('img')).length,
        text: String(await page.evaluate('document.body.innerText')),
      };
      expect(seen).toMatchObject({ pwned: 'undefined', scripts: 0, images: 0 });
      expect(seen.text).toContain('<script>window.pwned = 1</script>');
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('JSON', () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../../docs/compliance.schema.json'), 'utf8'));
  const validate = addFormats.default(new Ajv2020.default({ strict: true, allErrors: true })).compile(schema);

  it.each(FRAMEWORK_IDS)('%s follows docs/compliance.schema.json', async (framework) => {
    const json = JSON.parse(renderComplianceJson(await hostileReport(framework)));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.framework.id).toBe(framework);
  });

  it('the schema rejects a report with an unknown status', async () => {
    const json = JSON.parse(renderComplianceJson(await hostileReport()));
    json.controls[0].status = 'passed';
    expect(validate(json)).toBe(false);
  });
});

describe('table', () => {
  it('lists every control with its status and the evidence, without the input\'s escape sequences', async () => {
    const report = await hostileReport();
    const text = renderComplianceTable(report);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1b]0;owned\\x07');
    expect(text).toMatch(/fail\s+baseline\/privileged\s+Privileged containers\s+\(1 failing\)/);
    expect(text).toMatch(/pass\s+baseline\/hostPorts\s+Host ports\s+\(1 suppressed\)/);
    expect(text).toContain('[k8s/pss-host-ports; annotation: <img src=x onerror="window.pwned=2"> approved]');
    expect(text.trimEnd().split('\n').at(-1)).toBe(`19 controls: ${report.summary.pass} pass, ${report.summary.fail} fail, 0 manual, 0 not-applicable`);
  });

  it('colours the status only when asked', async () => {
    const report = await hostileReport();
    expect(renderComplianceTable(report, { color: true })).toContain('\u001b[31mfail');
  });
});
