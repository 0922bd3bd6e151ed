import { describe, expect, it } from 'vitest';
import type { VulnerabilityFinding } from '../../../core/vulnerability.js';
import { applyVex } from './apply.js';
import { parseVexDocument, VexError } from './parse.js';

const finding = (id: string, aliases: string[], purl: string): VulnerabilityFinding => ({
  id,
  aliases,
  advisories: aliases,
  package: { name: 'x', version: '1', ecosystem: 'npm', purl },
  locations: [{ file: 'package-lock.json' }],
  severity: { level: 'high', source: 'CVSS_V3' },
  fixedVersions: [],
  fingerprint: 'f',
});

const openvex = (statements: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'https://example.com/vex/2024-001',
    author: 'Example Security',
    timestamp: '2024-05-01T10:00:00Z',
    version: 1,
    statements,
    ...extra,
  });

describe('OpenVEX', () => {
  it('suppresses by id or alias when a product purl (qualifiers ignored, versionless = any version) covers the package', () => {
    const document = parseVexDocument(
      openvex([
        {
          vulnerability: { '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2020-8203', name: 'CVE-2020-8203', aliases: ['GHSA-p6mc-m468-83gw'] },
          products: [{ '@id': 'pkg:npm/lodash@4.17.15?repository_url=https://registry.npmjs.org' }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          impact_statement: 'zipObjectDeep is never called',
        },
        {
          vulnerability: { name: 'GHSA-2p57-rm9w-gvfp' },
          products: [{ '@id': 'https://example.com/app', identifiers: { purl: 'pkg:npm/ip' } }],
          status: 'not_affected',
          justification: 'inline_mitigations_already_exist',
        },
      ]),
      'app.openvex.json',
    );
    const findings = [
      finding('CVE-2020-8203', ['GHSA-p6mc-m468-83gw'], 'pkg:npm/lodash@4.17.15'),
      finding('CVE-2020-8203', ['GHSA-p6mc-m468-83gw'], 'pkg:npm/lodash@4.17.16'),
      finding('CVE-2024-29415', ['GHSA-2p57-rm9w-gvfp'], 'pkg:npm/ip@2.0.1'),
    ];
    const result = applyVex(findings, [document]);
    expect(result.warnings).toEqual([]);
    expect(findings.map((f) => f.suppressed)).toEqual([
      { kind: 'vex', reason: 'not_affected: vulnerable_code_not_in_execute_path: zipObjectDeep is never called' },
      undefined,
      { kind: 'vex', reason: 'not_affected: inline_mitigations_already_exist' },
    ]);
  });

  it('lets the later statement win and matches subcomponents of an image product', () => {
    const image = 'pkg:oci/app@sha256%3Aabc?repository_url=ghcr.io/example/app';
    const statement = (status: string, timestamp: string) => ({
      vulnerability: { name: 'CVE-2023-4911' },
      products: [{ '@id': image, subcomponents: [{ '@id': 'pkg:deb/debian/libc6@2.36-9+deb12u1' }] }],
      status,
      timestamp,
      ...(status === 'not_affected' ? { justification: 'vulnerable_code_not_present' } : {}),
    });
    const libc = (): VulnerabilityFinding => finding('CVE-2023-4911', ['DSA-5514-1'], 'pkg:deb/debian/libc6@2.36-9+deb12u1?arch=amd64&distro=debian-12.1');
    const revoked = [libc()];
    applyVex(revoked, [parseVexDocument(openvex([statement('affected', '2024-06-01T00:00:00Z'), statement('not_affected', '2024-05-01T00:00:00Z')]), 'a.json')]);
    expect(revoked[0]!.suppressed).toBeUndefined();
    const granted = [libc()];
    applyVex(granted, [parseVexDocument(openvex([statement('affected', '2024-04-01T00:00:00Z'), statement('not_affected', '2024-05-01T00:00:00Z')]), 'a.json')]);
    expect(granted[0]!.suppressed).toEqual({ kind: 'vex', reason: 'not_affected: vulnerable_code_not_present' });
  });

  it('warns about statements that match nothing', () => {
    const document = parseVexDocument(
      openvex([{ vulnerability: { name: 'CVE-2099-0001' }, products: [{ '@id': 'pkg:npm/left-pad' }], status: 'not_affected' }]),
      'stale.json',
    );
    expect(applyVex([finding('CVE-2020-8203', [], 'pkg:npm/lodash@4.17.15')], [document]).warnings).toEqual([
      { file: 'stale.json', message: 'VEX statement "not_affected" for CVE-2099-0001 on pkg:npm/left-pad matches no finding' },
    ]);
  });

  it('rejects malformed documents with the file name', () => {
    expect(() => parseVexDocument('{', 'bad.json')).toThrow(/^bad\.json: not JSON/);
    expect(() => parseVexDocument('[]', 'bad.json')).toThrow('bad.json: not a JSON object');
    expect(() => parseVexDocument('{"statements": []}', 'bad.json')).toThrow(/bad\.json: neither OpenVEX/);
    expect(() => parseVexDocument(openvex([{ vulnerability: {}, products: [], status: 'not_affected' }]), 'bad.json')).toThrow(
      'bad.json: statements[0].vulnerability has no name',
    );
    expect(() => parseVexDocument(openvex([{ vulnerability: { name: 'CVE-1' }, products: [], status: 'maybe' }]), 'bad.json')).toThrow(
      /bad\.json: statements\[0\]\.status must be one of/,
    );
    expect(() => parseVexDocument(openvex([{ vulnerability: { name: 'CVE-1' }, status: 'fixed' }]), 'bad.json')).toThrow(VexError);
    expect(() => parseVexDocument(openvex([]).replace('"statements":[]', '"statements":{}'), 'bad.json')).toThrow(/without a statements array/);
  });
});

describe('CycloneDX VEX', () => {
  const bom = (vulnerabilities: unknown[]) =>
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      components: [{ type: 'library', 'bom-ref': 'lodash-ref', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' }],
      vulnerabilities,
    });

  it('suppresses not_affected and false_positive through bom-refs, purl refs and BOM-Links, not resolved', () => {
    const document = parseVexDocument(
      bom([
        {
          id: 'CVE-2020-8203',
          references: [{ id: 'GHSA-p6mc-m468-83gw', source: { name: 'GitHub' } }],
          analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'only lodash.get is used' },
          affects: [{ ref: 'lodash-ref' }],
        },
        { id: 'CVE-2024-29415', analysis: { state: 'false_positive' }, affects: [{ ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:npm/ip@2.0.1' }] },
        { id: 'CVE-2021-23337', analysis: { state: 'resolved' }, affects: [{ ref: 'pkg:npm/lodash@4.17.15' }] },
        { id: 'CVE-2021-9999', ratings: [] },
      ]),
      'app.cdx.json',
    );
    expect(document.statements).toHaveLength(3);
    const findings = [
      finding('GHSA-p6mc-m468-83gw', [], 'pkg:npm/lodash@4.17.15'),
      finding('CVE-2024-29415', [], 'pkg:npm/ip@2.0.1'),
      finding('CVE-2021-23337', [], 'pkg:npm/lodash@4.17.15'),
    ];
    expect(applyVex(findings, [document]).warnings).toEqual([]);
    expect(findings.map((f) => f.suppressed)).toEqual([
      { kind: 'vex', reason: 'not_affected: code_not_reachable: only lodash.get is used' },
      { kind: 'vex', reason: 'false_positive' },
      undefined,
    ]);
  });

  it('rejects malformed analysis with the file name', () => {
    expect(() => parseVexDocument(bom([{ id: 'CVE-1', analysis: { state: 'ignored' } }]), 'v.cdx.json')).toThrow(
      /v\.cdx\.json: vulnerabilities\[0\]\.analysis\.state must be one of/,
    );
    expect(() => parseVexDocument(bom([{ analysis: { state: 'not_affected' } }]), 'v.cdx.json')).toThrow('v.cdx.json: vulnerabilities[0].id is missing');
    expect(() => parseVexDocument(JSON.stringify({ bomFormat: 'CycloneDX' }), 'v.cdx.json')).toThrow(/without a vulnerabilities array/);
  });
});
