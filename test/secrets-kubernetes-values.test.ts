import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checksummedToken } from '../src/checks/secrets/detectors/testing/tokens.js';
import { scanSecrets } from '../src/checks/secrets/search/scan.js';
import { secretRules } from '../src/checks/rules/secrets/index.js';
import { MAX_DECODED_VALUE_BYTES } from '../src/checks/secrets/objects/object-values.js';
import { findHelm } from '../src/testing/render.js';
import { runCli, scanJson, type JsonReport } from './helpers/cli.js';

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-secret-values-'));
  scratchDirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const tokens = Array.from({ length: 6 }, (_, i) => checksummedToken('ghp_', 500 + i));
const b64 = (text: string) => Buffer.from(text).toString('base64');
/** As `base64` wraps its output: here short lines, so no line holds a run of base64 long enough to decode on its own. */
const wrapped = (text: string, indent: string) => b64(text).replace(/(.{24})/g, `$1\n${indent}`).trimEnd();

const SECRET =
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: vaultapikey\n  namespace: goat\ntype: Opaque\ndata:\n' +
  `  k8sgoatvaultkey: ${b64(tokens[0]!)}\n` +
  `  wrapped: |\n    ${wrapped(tokens[1]!, '    ')}\n` +
  `  notbase64: ${tokens[2]}\n` +
  `  plain: ${b64('not a credential')}\n`;

const secretFindings = (report: JsonReport) => report.findings.filter((f) => f.ruleId.startsWith('secret/'));
const allTokens = (text: string) => tokens.some((token) => text.includes(token));

describe('Kubernetes Secret data, decoded', () => {
  it('finds a token under any key, at the value, named after the key, never printed', async () => {
    const dir = scratch({ 'secret.yaml': SECRET });
    const { report, stderr } = await scanJson(['secret.yaml'], { cwd: dir });
    expect(report.errors).toEqual([]);
    const found = secretFindings(report);
    expect(found.map((f) => [f.ruleId, f.fieldPath, f.location.startLine, f.location.startColumn, f.resource?.name])).toEqual([
      ['secret/github-pat', 'data.k8sgoatvaultkey', 8, 3, 'vaultapikey'],
      ['secret/github-pat', 'data.wrapped', 9, 3, 'vaultapikey'],
    ]);
    expect(found[0]!.message).toMatch(/, base64-decoded from Secret data key "k8sgoatvaultkey": ghp_…\w\w \(40 chars\), confirmed by checksum$/);
    expect(allTokens(JSON.stringify(report)) || allTokens(stderr)).toBe(false);
  });

  it('finds what a search of the text alone misses: base64 wrapped over lines', () => {
    const detectors = secretRules.map((rule) => rule.detector);
    expect(scanSecrets(`wrapped: |\n    ${wrapped(tokens[1]!, '    ')}\n`, { detectors })).toEqual([]);
  });

  it('reports nothing from a value the API server would reject, which its own rule reports', async () => {
    const dir = scratch({ 'secret.yaml': SECRET });
    const { report } = await scanJson(['secret.yaml'], { cwd: dir });
    const line = SECRET.split('\n').findIndex((l) => l.startsWith('  notbase64:')) + 1;
    const atNotBase64 = report.findings.filter((f) => f.location.startLine === line).map((f) => f.ruleId);
    expect(atNotBase64).toContain('k8s/secret-data-invalid-base64');
    expect(atNotBase64.filter((id) => id.startsWith('secret/'))).toEqual([]);
  });

  it('decodes Secret data for `rampart secrets` too, where no manifest rule runs', async () => {
    const dir = scratch({ 'secret.yaml': SECRET });
    const run = await runCli(['secrets', 'secret.yaml', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(secretFindings(report).map((f) => f.fieldPath)).toEqual(['data.k8sgoatvaultkey', 'data.wrapped']);
    expect(report.findings.every((f) => f.ruleId.startsWith('secret/'))).toBe(true);
  });

  it('searches stringData and ConfigMap values as they are, under any key', async () => {
    const dir = scratch({
      'string-data.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k8sgoatvaultkey: ${tokens[3]}\n`,
      'configmap.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k8sgoatvaultkey: ${tokens[4]}\n  quiet: just configuration\n`,
    });
    const { report } = await scanJson(['.'], { cwd: dir });
    expect(secretFindings(report).map((f) => [f.location.file, f.ruleId, f.location.startLine])).toEqual([
      ['configmap.yaml', 'secret/github-pat', 6],
      ['string-data.yaml', 'secret/github-pat', 6],
    ]);
  });

  it('does not decode past the per-value limit, and says so', async () => {
    const big = 'QUFB'.repeat(Math.ceil((MAX_DECODED_VALUE_BYTES + 3) / 3));
    const dir = scratch({ 'big.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ndata:\n  blob: ${big}\n  k8sgoatvaultkey: ${b64(tokens[5]!)}\n` });
    const { report } = await scanJson(['big.yaml'], { cwd: dir });
    expect(report.errors).toEqual([{ file: 'big.yaml', line: 6, level: 'warning', message: expect.stringMatching(/^Secret data key "blob" was not searched for secrets: it decodes to more than/) }]);
    expect(secretFindings(report).map((f) => f.fieldPath)).toEqual(['data.k8sgoatvaultkey']);
  });
});

describe('rendered Secrets, decoded', () => {
  it('searches what kustomize encodes, reporting a secret its sources hold in the clear once, at the source', async () => {
    const dir = scratch({
      'app/kustomization.yaml': 'resources:\n  - secret.yaml\nsecretGenerator:\n  - name: generated\n    envs:\n      - token.env\n',
      'app/token.env': `TOKEN=${tokens[0]}\n`,
      'app/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: handwritten\ndata:\n  vault: |\n    ${wrapped(tokens[1]!, '    ')}\n`,
    });
    const { report } = await scanJson(['app'], { cwd: dir });
    expect(report.errors).toEqual([]);
    const found = secretFindings(report);
    expect(found.map((f) => [f.location.file, f.ruleId, f.fieldPath, f.resource?.name])).toEqual([
      ['app/secret.yaml', 'secret/github-pat', 'data.vault', 'handwritten'],
      ['app/token.env', 'secret/github-pat', undefined, undefined],
    ]);
    expect(found[0]!.message).toContain('base64-decoded from Secret data key "vault"');
  });

  it('searches what a Helm template encodes, located at the template', async () => {
    // The chart's sources never hold the token whole, so only the rendered, decoded value shows it.
    const dir = scratch({
      'chart/Chart.yaml': 'apiVersion: v2\nname: vault\nversion: 0.1.0\n',
      'chart/values.yaml': `head: ${tokens[2]!.slice(0, 12)}\ntail: ${tokens[2]!.slice(12)}\n`,
      'chart/templates/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-vault\ndata:\n  k8sgoatvaultkey: {{ printf "%s%s" .Values.head .Values.tail | b64enc }}\n',
    });
    const { report } = await scanJson(['chart', '--helm', findHelm()], { cwd: dir });
    expect(report.errors).toEqual([]);
    expect(secretFindings(report).map((f) => [f.location.file, f.location.startLine, f.ruleId, f.fieldPath])).toEqual([
      ['chart/templates/secret.yaml', 6, 'secret/github-pat', 'data.k8sgoatvaultkey'],
    ]);
  });
});
