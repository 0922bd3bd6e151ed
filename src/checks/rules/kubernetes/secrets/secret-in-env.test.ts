import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { secretInEnv } from './secret-in-env.js';

describe('k8s/secret-in-env', () => {
  it('fires on secretKeyRef env vars and envFrom secretRef, in init containers too', () => {
    const hits = runRule(secretInEnv, deployment(`
      initContainers:
        - name: init
          envFrom:
            - configMapRef: {name: cfg}
            - secretRef: {name: all}
      containers:
        - name: app
          env:
            - {name: PLAIN, value: x}
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef', 'container "app" reads key "password" of Secret "db" into env DB_PASSWORD'],
      ['spec.template.spec.initContainers[0].envFrom[1].secretRef', 'container "init" imports every key of Secret "all" as environment variables'],
    ]);
  });

  it('stays quiet for ConfigMap and field references and for secret volumes', () => {
    expect(runRule(secretInEnv, pod(`
      containers:
        - name: app
          env:
            - name: NODE
              valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
            - name: MODE
              valueFrom: {configMapKeyRef: {name: cfg, key: mode}}
          envFrom:
            - configMapRef: {name: cfg}
          volumeMounts: [{name: db, mountPath: /run/secrets/db}]
      volumes:
        - {name: db, secret: {secretName: db}}
    `))).toEqual([]);
  });
});
