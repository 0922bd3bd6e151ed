import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { sysctls } from './sysctls.js';

function withSysctl(name: string): string {
  return pod(`
    securityContext:
      sysctls:
        - name: ${name}
          value: "1"
    containers: [{name: app}]
  `);
}

describe('k8s/pss-sysctls', () => {
  it('reports each unsafe sysctl at its name', () => {
    const hits = runRule(sysctls, pod(`
      securityContext:
        sysctls:
          - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
          - {name: kernel.msgmax, value: "65536"}
          - {name: net.core.somaxconn, value: "1024"}
      containers: [{name: app}]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.securityContext.sysctls[1].name', 'spec.securityContext.sysctls[2].name']);
    expect(hits[0]!.message).toBe('pod must not set sysctl "kernel.msgmax": it is not in the safe set');
  });

  it.each([
    ['net.ipv4.ip_local_reserved_ports', 27],
    ['net.ipv4.tcp_keepalive_time', 29],
    ['net.ipv4.tcp_fin_timeout', 29],
    ['net.ipv4.tcp_rmem', 32],
    ['net.ipv4.tcp_wmem', 32],
    ['net.ipv4.tcp_notsent_lowat', 37],
  ])('allows %s from v1.%i only', (name, minor) => {
    expect(runRule(sysctls, withSysctl(name), atVersion(minor - 1, 'baseline'))).toHaveLength(1);
    expect(runRule(sysctls, withSysctl(name), atVersion(minor, 'baseline'))).toEqual([]);
  });

  it('checks workload templates', () => {
    const hits = runRule(sysctls, deployment(`
      securityContext:
        sysctls: [{name: kernel.sem, value: "250 32000 100 128"}]
      containers: [{name: app}]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.securityContext.sysctls[0].name']);
  });

  it('stays quiet for the v1.0 safe set', () => {
    expect(runRule(sysctls, pod(`
      securityContext:
        sysctls:
          - {name: kernel.shm_rmid_forced, value: "1"}
          - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
          - {name: net.ipv4.tcp_syncookies, value: "1"}
          - {name: net.ipv4.ping_group_range, value: "0 2147483647"}
          - {name: net.ipv4.ip_unprivileged_port_start, value: "80"}
      containers: [{name: app}]
    `), atVersion(0, 'baseline'))).toEqual([]);
  });
});
