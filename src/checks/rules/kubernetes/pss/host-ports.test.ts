import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { hostPorts } from './host-ports.js';

describe('k8s/pss-host-ports', () => {
  it('reports each non-zero hostPort at its field', () => {
    const hits = runRule(hostPorts, pod(`
      containers:
        - name: app
          ports:
            - containerPort: 80
            - containerPort: 443
              hostPort: 443
    `));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.containers[0].ports[1].hostPort');
    expect(hits[0]!.line).toBe(12);
    expect(hits[0]!.message).toBe('container "app" must not use hostPort 443');
  });

  it('checks init containers in templates', () => {
    const hits = runRule(hostPorts, deployment(`
      initContainers:
        - name: init
          ports: [{containerPort: 53, hostPort: 53}]
      containers: [{name: app}]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.initContainers[0].ports[0].hostPort']);
  });

  it('stays quiet for hostPort 0 or unset', () => {
    expect(runRule(hostPorts, pod(`
      containers:
        - name: app
          ports: [{containerPort: 80, hostPort: 0}, {containerPort: 81}]
    `))).toEqual([]);
  });
});
