import { describe, expect, it } from 'vitest';
import { toJsonPatch } from './json-patch.js';

describe('toJsonPatch', () => {
  const pod = { spec: { containers: [{ name: 'a', securityContext: { privileged: true } }, { name: 'b' }] } };

  it('replaces a field that exists and adds one whose parent exists', () => {
    expect(
      toJsonPatch(pod, [
        { op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'privileged'], value: false },
        { op: 'add', path: ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], value: true },
      ]),
    ).toEqual([
      { op: 'replace', path: '/spec/containers/0/securityContext/privileged', value: false },
      { op: 'add', path: '/spec/containers/0/securityContext/runAsNonRoot', value: true },
    ]);
  });

  it('adds the missing parents once, then adds beside them', () => {
    expect(
      toJsonPatch(pod, [
        { op: 'add', path: ['spec', 'containers', 1, 'securityContext', 'readOnlyRootFilesystem'], value: true },
        { op: 'add', path: ['spec', 'containers', 1, 'securityContext', 'allowPrivilegeEscalation'], value: false },
      ]),
    ).toEqual([
      { op: 'add', path: '/spec/containers/1/securityContext', value: { readOnlyRootFilesystem: true } },
      { op: 'add', path: '/spec/containers/1/securityContext/allowPrivilegeEscalation', value: false },
    ]);
  });

  it('escapes keys as RFC 6901 pointers', () => {
    expect(toJsonPatch({ metadata: {} }, [{ op: 'add', path: ['metadata', 'annotations', 'a.io/x~y'], value: 'v' }])).toEqual([
      { op: 'add', path: '/metadata/annotations', value: { 'a.io/x~y': 'v' } },
    ]);
  });

  it('leaves out operations that cannot apply instead of making the request fail', () => {
    expect(
      toJsonPatch(pod, [
        { op: 'add', path: ['spec', 'containers', 5, 'name'], value: 'x' },
        { op: 'add', path: ['spec', 'containers', 0, 'name', 'deeper'], value: 'x' },
        { op: 'add', path: ['spec', 'initContainers', 2, 'name'], value: 'x' },
        { op: 'add', path: [], value: {} },
      ]),
    ).toEqual([]);
  });

  it('appends at the end of a list and creates a list at index 0', () => {
    expect(
      toJsonPatch(pod, [
        { op: 'add', path: ['spec', 'containers', 2], value: { name: 'c' } },
        { op: 'add', path: ['spec', 'tolerations', 0, 'key'], value: 'k' },
      ]),
    ).toEqual([
      { op: 'add', path: '/spec/containers/2', value: { name: 'c' } },
      { op: 'add', path: '/spec/tolerations', value: [{ key: 'k' }] },
    ]);
  });

  it('never changes the object it is given', () => {
    const copy = structuredClone(pod);
    toJsonPatch(pod, [{ op: 'add', path: ['spec', 'containers', 1, 'securityContext', 'x'], value: 1 }]);
    expect(pod).toEqual(copy);
  });

  it('never changes the object it is given, where operations replace, add and append deep inside it', () => {
    const object = { spec: { containers: [{ name: 'a', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } }] } };
    const copy = structuredClone(object);
    const patch = toJsonPatch(object, [
      { op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'privileged'], value: false },
      { op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 0], value: 'CHOWN' },
      { op: 'add', path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], value: ['ALL'] },
      { op: 'add', path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop', 1], value: 'NET_RAW' },
      { op: 'add', path: ['spec', 'containers', 1], value: { name: 'b' } },
      { op: 'add', path: ['spec', 'containers', 1, 'securityContext', 'runAsNonRoot'], value: true },
    ]);
    expect(object).toEqual(copy);
    expect(patch).toEqual([
      { op: 'replace', path: '/spec/containers/0/securityContext/privileged', value: false },
      { op: 'replace', path: '/spec/containers/0/securityContext/capabilities/add/0', value: 'CHOWN' },
      { op: 'add', path: '/spec/containers/0/securityContext/capabilities/drop', value: ['ALL'] },
      { op: 'add', path: '/spec/containers/0/securityContext/capabilities/drop/1', value: 'NET_RAW' },
      { op: 'add', path: '/spec/containers/1', value: { name: 'b' } },
      { op: 'add', path: '/spec/containers/1/securityContext', value: { runAsNonRoot: true } },
    ]);
  });

  it('returns no operations when there are no fixes', () => {
    expect(toJsonPatch({ spec: {} }, [])).toEqual([]);
  });
});
