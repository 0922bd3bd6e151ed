/**
 * Hand-built reports for format tests: one with every field populated, adversarial strings, an
 * empty one. Built from data rather than a scan so each format is tested on its own.
 */
import type { Finding, ScanError } from '../../core/finding.js';
import { emptyBySeverity, REPORT_SCHEMA_VERSION, summarizeVulnerabilities, type Report } from '../../core/report.js';
import type { VulnerabilityFinding } from '../../core/vulnerability.js';
import type { RuleMeta } from '../../core/rule.js';

export const PRIVILEGED_RULE: RuleMeta = {
  id: 'k8s/pss-privileged',
  title: 'Privileged container',
  severity: 'critical',
  target: 'kubernetes',
  rationale: 'A privileged container has every capability and the host devices.',
  remediation: 'Set `securityContext.privileged: false`.',
  references: { pss: 'Privileged Containers', cis: ['CIS Kubernetes 5.2.2'], urls: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'] },
  aliases: { trivy: ['KSV017', 'AVD-KSV-0017'], checkov: ['CKV_K8S_16'] },
  controls: ['pss:baseline:privileged'],
  fixable: true,
};

export const LATEST_TAG_RULE: RuleMeta = {
  id: 'docker/no-latest-tag',
  title: 'Base image uses latest',
  severity: 'medium',
  target: 'dockerfile',
  rationale: 'A moving tag makes builds unreproducible.',
  remediation: 'Pin the base image: `FROM nginx:1.27.0`.',
  references: {},
  aliases: { hadolint: ['DL3007'] },
};

export const INFO_RULE: RuleMeta = {
  id: 'k8s/no-resource-limits',
  title: 'No resource limits',
  severity: 'info',
  target: 'kubernetes',
  rationale: 'Unbounded containers can starve neighbours.',
  remediation: 'Set `resources.limits`.',
  references: {},
  aliases: {},
};

export const SOURCE = {
  'deploy/app.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: prod',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          securityContext:',
    '            privileged: true',
    '        - name: side',
    '          securityContext: {privileged: true}',
  ].join('\n'),
  'Dockerfile': 'FROM nginx:latest\n',
} as const;

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: PRIVILEGED_RULE.id,
    severity: 'critical',
    title: PRIVILEGED_RULE.title,
    message: 'container "app" runs privileged',
    location: { file: 'deploy/app.yaml', startLine: 12, startColumn: 13, endLine: 12, endColumn: 29 },
    fieldPath: 'spec.template.spec.containers[0].securityContext.privileged',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod', name: 'web' },
    controls: ['pss:baseline:privileged'],
    aliases: ['KSV017', 'AVD-KSV-0017', 'CKV_K8S_16'],
    remediation: PRIVILEGED_RULE.remediation,
    fingerprint: 'fp-app',
    fix: { kind: 'object-patch', description: 'set privileged to false', ops: [] },
    ...overrides,
  };
}

/** Shaped like a real merged row: Debian's advisory and its CVE twin for zlib in bookworm. */
export function vulnerability(overrides: Partial<VulnerabilityFinding> = {}): VulnerabilityFinding {
  return {
    id: 'CVE-2023-45853',
    aliases: ['DEBIAN-CVE-2023-45853'],
    advisories: ['DEBIAN-CVE-2023-45853'],
    summary: 'MiniZip in zlib through 1.3 has an integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_64',
    package: {
      name: 'zlib1g',
      version: '1:1.2.13.dfsg-1',
      ecosystem: 'Debian:12',
      purl: 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12',
      sourceName: 'zlib',
      sourceVersion: '1:1.2.13.dfsg-1',
    },
    locations: [{ file: 'var/lib/dpkg/status', layer: { digest: 'sha256:' + 'a'.repeat(64), createdBy: 'ADD rootfs.tar.xz /' } }],
    severity: { level: 'critical', score: 9.8, source: 'CVSS_V3' },
    fixedVersions: [],
    fingerprint: 'f'.repeat(32),
    ...overrides,
  };
}

export function report(
  findings: Finding[],
  errors: ScanError[] = [],
  rules: RuleMeta[] = [PRIVILEGED_RULE, LATEST_TAG_RULE, INFO_RULE],
  vulnerabilities: VulnerabilityFinding[] = [],
): Report {
  const bySeverity = emptyBySeverity();
  for (const f of findings) if (!f.suppressed) bySeverity[f.severity]++;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'rampart', version: '0.1.0' },
    findings,
    vulnerabilities,
    errors,
    summary: {
      bySeverity,
      files: new Set(findings.map((f) => f.location.file)).size,
      resources: 2,
      suppressed: findings.filter((f) => f.suppressed).length,
      durationMs: 42,
      packages: vulnerabilities.length,
      vulnerabilities: summarizeVulnerabilities(vulnerabilities),
    },
    rules,
  };
}

export const emptyReport = (): Report => report([]);

/** Lockfiles read without a vulnerability database: their packages are listed as unchecked, each with its error. */
export function uncheckedReport(): Report {
  const reason = 'no vulnerability database at /home/me/.cache/rampart/osv/osv.sqlite: run `rampart db update`';
  const unchecked = [
    { file: 'web/package-lock.json', packages: 2, reason },
    { file: 'requirements.txt', packages: 1, reason },
  ];
  const errors = unchecked.map((u) => ({ file: u.file, message: `${u.packages} packages were inventoried but not checked for vulnerabilities: ${reason}` }));
  const base = report([], errors);
  return { ...base, unchecked, summary: { ...base.summary, packages: 3 } };
}

/** Two findings on one resource, one Dockerfile finding, one suppressed, one error and one warning. */
export function typicalReport(): Report {
  return report(
    [
      finding(),
      finding({
        message: 'container "side" runs privileged',
        location: { file: 'deploy/app.yaml', startLine: 14, startColumn: 30, endLine: 14, endColumn: 44 },
        fieldPath: 'spec.template.spec.containers[1].securityContext.privileged',
        fingerprint: 'fp-side',
      }),
      finding({
        ruleId: LATEST_TAG_RULE.id,
        severity: 'medium',
        title: LATEST_TAG_RULE.title,
        message: 'FROM nginx:latest uses the latest tag',
        location: { file: 'Dockerfile', startLine: 1, startColumn: 6, endLine: 1, endColumn: 18 },
        fieldPath: undefined,
        resource: undefined,
        controls: [],
        aliases: ['DL3007'],
        remediation: LATEST_TAG_RULE.remediation,
        fingerprint: 'fp-docker',
        fix: undefined,
      }),
      finding({
        ruleId: INFO_RULE.id,
        severity: 'info',
        title: INFO_RULE.title,
        message: 'container "app" has no resource limits',
        location: { file: 'deploy/app.yaml', startLine: 10, startColumn: 11, endLine: 10, endColumn: 20 },
        fieldPath: 'spec.template.spec.containers[0]',
        controls: [],
        aliases: [],
        remediation: INFO_RULE.remediation,
        fingerprint: 'fp-limits',
        suppressed: { kind: 'inline', reason: 'batch job, sized by the scheduler', expires: '2030-01-01' },
      }),
    ],
    [
      { file: 'deploy/broken.yaml', line: 3, message: 'invalid YAML: bad indentation' },
      { file: 'deploy/crd.yaml', message: 'unknown kind Widget: scanned with generic rules only', level: 'warning' },
    ],
  );
}

export const NASTY = 'quote " apostrophe \' <tag> & ]]> --> \u0000nul \u001b[31mansi\u001b[0m \u0007bell 日本語 🚀 \uD800lone\nsecond line\r\n\ttab';
export const LONG = 'x'.repeat(20_000);

/** Every text field carries characters that break naive escaping; paths need percent-encoding. */
export function adversarialReport(): Report {
  const nastyRule: RuleMeta = { ...PRIVILEGED_RULE, id: 'k8s/nasty', title: NASTY, rationale: NASTY, remediation: NASTY, references: { urls: ['https://example.com/a?b=1&c=<2>'] } };
  return report(
    [
      finding({
        ruleId: nastyRule.id,
        title: NASTY,
        message: `${NASTY} ${LONG}`,
        remediation: NASTY,
        location: { file: 'dir with space/50%#?:ü/a&b <c>.yaml', startLine: 0, startColumn: 0, endLine: -1, endColumn: Number.NaN },
        resource: { kind: 'Pod', name: NASTY },
        fingerprint: 'fp-nasty',
      }),
      finding({
        ruleId: nastyRule.id,
        title: NASTY,
        message: NASTY,
        location: { file: 'c:weird.yaml', startLine: 2, startColumn: 5, endLine: 1, endColumn: 1 },
        resource: undefined,
        fingerprint: 'fp-nasty-2',
        suppressed: { kind: 'config', reason: NASTY },
      }),
      // A finding whose rule metadata is missing from report.rules must still be formatted consistently.
      finding({ ruleId: 'k8s/unlisted', message: '', title: '', fingerprint: 'fp-unlisted', suppressed: { kind: 'baseline', reason: '' } }),
    ],
    [{ file: 'dir with space/x.yaml', line: 0, message: NASTY }],
    [nastyRule],
  );
}
