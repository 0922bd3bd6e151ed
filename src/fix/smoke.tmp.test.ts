import { test } from 'vitest';
import { applyObjectPatches } from './yaml-patch.js';
import { unifiedDiff } from './diff.js';
const dep = `# web deployment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # the name
spec:
  template:
    spec:
      containers:
        # main app
        - name: app
          image: "nginx:1.25"
          ports:
            - containerPort: 80
        - name: side
          image: busybox
          securityContext: {runAsUser: 1000}
      volumes: []
`;
test('smoke', () => {
  const c = (i: number) => ['spec', 'template', 'spec', 'containers', i];
  const r = applyObjectPatches(dep, [
    { documentIndex: 0, basePath: [], fix: { kind: 'object-patch', description: 'ape', ops: [{ op: 'add', path: [...c(0), 'securityContext', 'allowPrivilegeEscalation'], value: false }] } },
    { documentIndex: 0, basePath: [], fix: { kind: 'object-patch', description: 'caps', ops: [{ op: 'add', path: [...c(0), 'securityContext', 'capabilities', 'drop'], value: ['ALL'] }] } },
    { documentIndex: 0, basePath: [], fix: { kind: 'object-patch', description: 'caps2', ops: [{ op: 'add', path: [...c(1), 'securityContext', 'capabilities', 'drop'], value: ['ALL'] }, { op: 'add', path: [...c(1), 'securityContext', 'seccompProfile'], value: {type: 'RuntimeDefault'} }] } },
    { documentIndex: 0, basePath: [], fix: { kind: 'object-patch', description: 'img', ops: [{ op: 'replace', path: [...c(0), 'image'], value: 'nginx:1.26' }] } },
    { documentIndex: 0, basePath: [], fix: { kind: 'object-patch', description: 'pod', ops: [{ op: 'add', path: ['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot'], value: true }] } },
  ]);
  console.log(r.output, r.applied, r.skipped);
  console.log(unifiedDiff('dep.yaml', dep, r.output));
  const r2 = applyObjectPatches('a:\n  b:\n    c: 1', [{ documentIndex: 0, basePath: [], fix: { kind: 'object-patch', description: 'x', ops: [{ op: 'add', path: ['a', 'b', 'd'], value: 2 }, { op: 'add', path: ['a', 'e'], value: 'yes' }] } }]);
  console.log(JSON.stringify(r2));
});
