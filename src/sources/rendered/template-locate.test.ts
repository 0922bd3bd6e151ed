import { describe, expect, it } from 'vitest';
import { locateInTemplate } from './template-locate.js';

const DEPLOYMENT = [
  'apiVersion: apps/v1', // 1
  'kind: Deployment', // 2
  'metadata:', // 3
  '  name: {{ include "app.fullname" . }}', // 4
  '  labels:', // 5
  '    {{- include "app.labels" . | nindent 4 }}', // 6
  'spec:', // 7
  '  template:', // 8
  '    spec:', // 9
  '{{- if .Values.hostNetwork }}', // 10
  '      hostNetwork: true', // 11
  '{{- end }}', // 12
  '      {{- with .Values.podSecurityContext }}', // 13
  '      securityContext:', // 14
  '        {{- toYaml . | nindent 8 }}', // 15
  '      {{- end }}', // 16
  '      containers:', // 17
  '        - name: app', // 18
  '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"', // 19
  '          securityContext:', // 20
  '            {{- toYaml .Values.securityContext | nindent 12 }}', // 21
  '        - name: sidecar', // 22
  '          securityContext:', // 23
  '            privileged: {{ .Values.sidecar.privileged }}', // 24
].join('\n');

const POD_SPEC = ['spec', 'template', 'spec'];

describe('locateInTemplate', () => {
  it('follows the keys down through template-only lines', () => {
    const hit = locateInTemplate(DEPLOYMENT, [...POD_SPEC, 'hostNetwork'], 'Deployment', 0);
    expect(hit).toMatchObject({ line: 11, column: 7, exact: true });
  });

  it('picks the n-th sequence item and points at the key after the dash', () => {
    const hit = locateInTemplate(DEPLOYMENT, [...POD_SPEC, 'containers', 1, 'securityContext', 'privileged'], 'Deployment', 0);
    expect(hit).toMatchObject({ line: 24, column: 13, endColumn: 57, exact: true });
    expect(locateInTemplate(DEPLOYMENT, [...POD_SPEC, 'containers', 1], 'Deployment', 0)).toMatchObject({ line: 22, column: 11 });
  });

  it('stops at the deepest key and reports the values that fill it through toYaml', () => {
    const hit = locateInTemplate(DEPLOYMENT, [...POD_SPEC, 'containers', 0, 'securityContext', 'privileged'], 'Deployment', 0);
    expect(hit).toMatchObject({ line: 20, column: 11, exact: false, resolved: 6 });
    expect(hit.valueRefs).toContainEqual(['securityContext']);
  });

  it('finds values referenced by a `with` block wrapping the key', () => {
    const hit = locateInTemplate(DEPLOYMENT, [...POD_SPEC, 'securityContext', 'runAsNonRoot'], 'Deployment', 0);
    expect(hit).toMatchObject({ line: 14, exact: false, resolved: 4 });
    expect(hit.valueRefs).toEqual([['podSecurityContext']]);
  });

  it('does not take a container-level key for a missing pod-level one', () => {
    const template = ['kind: Pod', 'spec:', '  containers:', '    - name: a', '      securityContext:', '        runAsNonRoot: true'].join('\n');
    const hit = locateInTemplate(template, ['spec', 'securityContext', 'runAsNonRoot'], 'Pod', 0);
    expect(hit).toMatchObject({ line: 2, exact: false, resolved: 1 });
  });

  it('reads a `range`-generated item as the one template item, without claiming exactness', () => {
    const template = [
      'kind: Pod',
      'spec:',
      '  containers:',
      '  {{- range .Values.containers }}',
      '  - name: {{ .name }}',
      '    securityContext:',
      '      privileged: {{ .privileged }}',
      '  {{- end }}',
    ].join('\n');
    const hit = locateInTemplate(template, ['spec', 'containers', 2, 'securityContext', 'privileged'], 'Pod', 0);
    expect(hit).toMatchObject({ line: 7, column: 7, exact: false, valueRefs: [] });
  });

  it('chooses the document of a multi-document template by kind and occurrence', () => {
    const template = [
      'kind: ServiceAccount', // 1
      'metadata:', // 2
      '  name: a', // 3
      '---', // 4
      'kind: Pod', // 5
      'spec:', // 6
      '  hostPID: true', // 7
      '---', // 8
      'kind: Pod', // 9
      'spec:', // 10
      '  hostPID: false', // 11
    ].join('\n');
    expect(locateInTemplate(template, ['spec', 'hostPID'], 'Pod', 0).line).toBe(7);
    expect(locateInTemplate(template, ['spec', 'hostPID'], 'Pod', 1).line).toBe(11);
    expect(locateInTemplate(template, [], 'Pod', 1)).toMatchObject({ line: 9, exact: true });
  });

  it('falls back to the kind line, then to line 1', () => {
    expect(locateInTemplate(DEPLOYMENT, ['status', 'replicas'], 'Deployment', 0)).toMatchObject({ line: 2, exact: false });
    expect(locateInTemplate('{{ include "everything" . }}', ['spec'], 'Pod', 0)).toMatchObject({ line: 1, column: 1, exact: false });
  });
});
