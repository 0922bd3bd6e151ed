// Writes a synthetic but realistic manifest tree: `files` files of `perFile` resources each, mixing
// hardened and careless workloads so rules both fire and stay quiet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

function workload(kind, name, careless) {
  const securityContext = careless
    ? '          securityContext:\n            privileged: true\n            allowPrivilegeEscalation: true\n'
    : '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            runAsNonRoot: true\n            runAsUser: 10001\n            capabilities: {drop: [ALL]}\n            seccompProfile: {type: RuntimeDefault}\n';
  const podSpec = `      containers:
        - name: ${name}
          image: ${careless ? `nginx:latest` : `ghcr.io/acme/${name}:1.2.3@sha256:${'a'.repeat(64)}`}
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
${careless ? '            - name: DB_PASSWORD\n              value: s3cr3t-value-123\n' : ''}          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
${securityContext}          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          livenessProbe: {httpGet: {path: /live, port: 8080}}
`;
  const indent = (text, n) => text.replace(/^(?=.)/gm, ' '.repeat(n));
  const template = `    metadata:\n      labels: {app: ${name}}\n    spec:\n${podSpec}`;
  const header = `apiVersion: ${kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: team-${name.length % 7}\n`;
  if (kind === 'CronJob') return `${header}spec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${indent(template, 4)}`;
  if (kind === 'Job') return `${header}spec:\n  template:\n${template}`;
  return `${header}spec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n${template}`;
}

function service(name) {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: team-${name.length % 7}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`;
}

export function writeCorpus(dir, files, perFile) {
  mkdirSync(dir, { recursive: true });
  let resources = 0;
  for (let f = 0; f < files; f++) {
    const docs = [];
    for (let r = 0; r < perFile; r++) {
      const name = `svc-${f}-${r}`;
      docs.push(r % 3 === 2 ? service(name) : workload(KINDS[(f + r) % KINDS.length], name, (f + r) % 4 === 0));
      resources++;
    }
    writeFileSync(join(dir, `app-${String(f).padStart(4, '0')}.yaml`), docs.join('---\n'));
  }
  return resources;
}
