import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { defaultAdmissionConfig } from '../../../config/admission.js';
import { resolveScanOptions } from '../../../pipeline/options.js';
import { scan } from '../../../pipeline/full-scan.js';
import { createServingCertificate, isReusable, renewalBundle } from './certificate.js';
import { buildInstall, manifestsYaml, type InstallRequest } from './install.js';
import { serviceDnsNames } from './manifests.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const REQUEST: InstallRequest = {
  namespace: 'rampart-system',
  image: `ghcr.io/rampart-dev/rampart:0.1.0@${DIGEST}`,
  certificate: 'self-signed',
  mutate: true,
  failurePolicy: 'Fail',
  timeoutSeconds: 3,
  configText: 'pss:\n  level: restricted\n',
  admission: defaultAdmissionConfig(),
};

type Manifest = Record<string, any>;
const find = (manifests: Manifest[], kind: string) => manifests.find((m) => m.kind === kind)!;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-install-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function scanText(text: string) {
  await writeFile(join(dir, 'install.yaml'), text);
  const { options } = await resolveScanOptions({ cwd: dir, paths: ['.'], vulnerabilities: false, secrets: true });
  return (await scan(options)).report;
}

const describeFinding = (f: { ruleId: string; resource?: { kind: string; name?: string }; fieldPath?: string }) => `${f.ruleId} ${f.resource?.kind}/${f.resource?.name} ${f.fieldPath ?? ''}`.trim();

describe("admission install manifests under Rampart's own scan", () => {
  it('cert-manager: zero findings, nothing suppressed, no errors', async () => {
    const report = await scanText(manifestsYaml(await buildInstall({ ...REQUEST, certificate: 'cert-manager' })));
    expect(report.findings.map(describeFinding)).toEqual([]);
    // cert-manager's Issuer and Certificate are custom resources: the scan says it judges them with generic rules only.
    expect(report.errors.map((e) => `${e.level} ${e.message.split(' ').slice(0, 2).join(' ')}`)).toEqual(['warning cert-manager.io/v1 Issuer', 'warning cert-manager.io/v1 Certificate']);
  });

  it('self-signed: the only finding is the serving key itself, which is why --apply never writes it to a file', async () => {
    const report = await scanText(manifestsYaml(await buildInstall(REQUEST)));
    expect(report.findings.map((f) => `${f.ruleId} ${f.location.file}`)).toEqual(['secret/private-key install.yaml']);
    expect(report.errors).toEqual([]);
  });

  it('an image named by tag alone is what the digest rule reports (install pins tags by default)', async () => {
    const report = await scanText(manifestsYaml(await buildInstall({ ...REQUEST, certificate: 'cert-manager', image: 'ghcr.io/rampart-dev/rampart:0.1.0' })));
    expect(report.findings.map((f) => f.ruleId)).toEqual(['k8s/image-no-digest']);
  });
});

describe('admission install webhook configurations', () => {
  it('exempt kube-system, the own namespace and configured ones by name, and skip the own service account', async () => {
    const admission = defaultAdmissionConfig();
    admission.exemptions.namespaces = ['legacy'];
    admission.exemptions.groups = ['system:nodes'];
    admission.exemptions.serviceAccounts = ['ci/deployer'];
    const manifests = await buildInstall({ ...REQUEST, admission, failurePolicy: 'Ignore', timeoutSeconds: 5 });
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      const [webhook] = find(manifests, kind).webhooks;
      expect(webhook.namespaceSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'rampart-system', 'legacy'] }] });
      expect(webhook).toMatchObject({ admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Ignore', timeoutSeconds: 5 });
      expect(webhook.matchConditions).toEqual([
        { name: 'not-exempt-user', expression: '!(request.userInfo.username in ["system:serviceaccount:rampart-system:rampart-admission", "system:serviceaccount:ci:deployer"])' },
        { name: 'not-exempt-group', expression: '!request.userInfo.groups.exists(g, g in ["system:nodes"])' },
      ]);
      expect(webhook.rules.flatMap((rule: Manifest) => rule.resources)).toContain('deployments');
      expect(webhook.rules.flatMap((rule: Manifest) => rule.resources)).not.toContain('secrets');
    }
    expect(find(manifests, 'MutatingWebhookConfiguration').webhooks[0].reinvocationPolicy).toBe('IfNeeded');
  });

  it('the validating webhook alone without --mutate; cert-manager injects the CA instead of a caBundle', async () => {
    const manifests = await buildInstall({ ...REQUEST, mutate: false, certificate: 'cert-manager' });
    expect(manifests.filter((m) => m.kind === 'MutatingWebhookConfiguration')).toEqual([]);
    const validating = find(manifests, 'ValidatingWebhookConfiguration');
    expect(validating.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'rampart-system/rampart-admission' });
    expect(validating.webhooks[0].clientConfig.caBundle).toBeUndefined();
    expect(find(manifests, 'Certificate').spec.dnsNames).toEqual(serviceDnsNames('rampart-system'));
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  });

  it('the ClusterRole reads namespaces, lists what is audited, writes PolicyReports, and never touches Secrets', async () => {
    const role = find(await buildInstall(REQUEST), 'ClusterRole');
    const verbs = new Map<string, string[]>();
    for (const rule of role.rules) for (const resource of rule.resources) verbs.set(resource, rule.verbs);
    expect(verbs.get('namespaces')).toEqual(['get', 'list', 'watch']);
    expect(verbs.get('deployments')).toEqual(['list', 'watch']);
    expect(verbs.get('policyreports')).toEqual(['create', 'update', 'patch']);
    expect(verbs.has('secrets')).toBe(false);
    expect([...verbs.values()].flat().filter((verb) => !['get', 'list', 'watch', 'create', 'update', 'patch'].includes(verb))).toEqual([]);
  });

  it('renders apply order: CRDs and Namespace first, webhook configurations last', async () => {
    const kinds = (await buildInstall(REQUEST)).map((m) => m.kind);
    expect(kinds.slice(0, 3)).toEqual(['CustomResourceDefinition', 'CustomResourceDefinition', 'Namespace']);
    expect(kinds.slice(-2)).toEqual(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
    const text = manifestsYaml(await buildInstall(REQUEST));
    expect(yaml.loadAll(text).map((doc) => (doc as Manifest).kind)).toEqual(kinds);
  });
});

describe('serving certificate', () => {
  const names = serviceDnsNames('rampart-system');

  it('is an ECDSA P-256 server certificate for the Service names, signed by the CA in the bundle, with a matching key', async () => {
    const made = await createServingCertificate({ dnsNames: names });
    const cert = new X509Certificate(made.cert);
    const ca = new X509Certificate(made.ca);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe(names.map((n) => `DNS:${n}`).join(', '));
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(() => createSecureContext({ cert: made.cert, key: made.key })).not.toThrow();
  });

  it('the installed manifests carry the bundle in both webhooks and the pair in the TLS Secret', async () => {
    const manifests = await buildInstall(REQUEST);
    const secret = find(manifests, 'Secret');
    expect(secret.type).toBe('kubernetes.io/tls');
    const ca = Buffer.from(secret.data['ca.crt'], 'base64').toString();
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      expect(Buffer.from(find(manifests, kind).webhooks[0].clientConfig.caBundle, 'base64').toString()).toBe(ca);
    }
    const cert = new X509Certificate(Buffer.from(secret.data['tls.crt'], 'base64'));
    expect(cert.checkIssued(new X509Certificate(ca))).toBe(true);
  });

  it('is reused while good, and renewed with the old CA still trusted when it expires soon or misses a name', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const first = await createServingCertificate({ dnsNames: names, now });
    expect(isReusable(first, names, now)).toBe(true);
    expect(isReusable(first, [...names, 'other.svc'], now)).toBe(false);
    expect(isReusable(first, names, new Date('2026-12-15T00:00:00Z'))).toBe(false);
    expect(isReusable({ ...first, cert: 'not a certificate' }, names, now)).toBe(false);
    expect(isReusable({ ca: first.ca, cert: first.cert }, names, now)).toBe(false);

    const kept = await buildInstall(REQUEST, first, now);
    expect(find(kept, 'Secret').data['tls.crt']).toBe(Buffer.from(first.cert).toString('base64'));

    const later = new Date('2026-12-15T00:00:00Z');
    const renewed = find(await buildInstall(REQUEST, first, later), 'Secret');
    const bundle = Buffer.from(renewed.data['ca.crt'], 'base64').toString();
    expect(renewed.data['tls.crt']).not.toBe(Buffer.from(first.cert).toString('base64'));
    expect(bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(bundle).toContain(first.ca.trim());
    expect(renewalBundle(first.ca, first.ca, new Date('2099-01-01T00:00:00Z'))).toBe(`${first.ca.trim()}\n`);
  });
});
