import { describe, expect, it } from 'vitest';
import { defaultAdmissionConfig, type MutationConfig } from '../../../config/admission.js';
import { MutationConfigError, validateMutationConfig } from './index.js';

function config(partial: Partial<MutationConfig>): MutationConfig {
  return { ...defaultAdmissionConfig().mutations, ...partial };
}

function problem(partial: Partial<MutationConfig>): MutationConfigError {
  try {
    validateMutationConfig(config(partial));
  } catch (error) {
    if (error instanceof MutationConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

const SIDECAR = { name: 'shipper', container: { image: 'registry.corp/shipper:1' }, selector: {}, volumes: [] };

describe('validateMutationConfig', () => {
  it('accepts the defaults and a full, sound configuration', () => {
    expect(() => validateMutationConfig(defaultAdmissionConfig().mutations)).not.toThrow();
    expect(() =>
      validateMutationConfig(
        config({
          registryMirrors: [
            { from: 'nginx', to: 'registry.corp/mirror/nginx' },
            { from: 'docker.io/bitnami/', to: 'registry.corp/bitnami' },
            { from: 'quay.io', to: 'registry.corp:5000' },
            { from: 'localhost:5000/team', to: 'registry.corp/team' },
          ],
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'apps', effect: 'NoSchedule' }, { operator: 'Exists' }, { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          labels: { 'app.kubernetes.io/managed-by': 'rampart', empty: '' },
          annotations: { 'rampart.io/note': 'any text at all: {}' },
          securityContext: {
            pod: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, supplementalGroups: [3000], seccompProfile: { type: 'RuntimeDefault' }, seLinuxOptions: { level: 's0:c1,c2' } },
            container: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, procMount: 'Default', appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-default' } },
          },
          sidecars: [{ ...SIDECAR, container: { image: 'registry.corp/shipper:1', restartPolicy: 'Always', volumeMounts: [{ name: 'v', mountPath: '/v' }] }, volumes: [{ name: 'v', emptyDir: {} }], selector: { 'logs.corp/ship': 'true' } }],
        }),
      ),
    ).not.toThrow();
  });

  const refused: Array<[string, Partial<MutationConfig>, string, RegExp]> = [
    ['a mirror source with a tag', { registryMirrors: [{ from: 'nginx:1.27', to: 'registry.corp/nginx' }] }, 'registryMirrors[0].from', /no tag or digest/],
    ['an unreadable mirror source', { registryMirrors: [{ from: 'Not An Image', to: 'registry.corp/x' }] }, 'registryMirrors[0].from', /whitespace/],
    ['a mirror target without a registry', { registryMirrors: [{ from: 'nginx', to: 'mirror/nginx' }] }, 'registryMirrors[0].to', /registry host/],
    ['a mirror target with a digest', { registryMirrors: [{ from: 'nginx', to: `registry.corp/nginx@sha256:${'a'.repeat(64)}` }] }, 'registryMirrors[0].to', /no tag or digest/],
    ['a mirror target ending in a slash', { registryMirrors: [{ from: 'nginx', to: 'registry.corp/nginx/' }] }, 'registryMirrors[0].to', /component/],
    ['a bare registry target for one repository', { registryMirrors: [{ from: 'nginx', to: 'registry.corp' }] }, 'registryMirrors[0].to', /bare registry source/],
    ['a mirror that rewrites its own output', { registryMirrors: [{ from: 'docker.io/library/nginx', to: 'docker.io/library/nginx/mirror' }] }, 'registryMirrors[0].to', /rewritten again by mirror 0/],
    ['mirrors that chain', { registryMirrors: [{ from: 'nginx', to: 'registry.corp/a/nginx' }, { from: 'registry.corp/a', to: 'registry.corp/b' }] }, 'registryMirrors[0].to', /rewritten again by mirror 1/],
    ['a mirror whose output a narrower source would take', { registryMirrors: [{ from: 'quay.io', to: 'registry.corp/quay' }, { from: 'registry.corp/quay/team', to: 'other.corp/team' }] }, 'registryMirrors[0].to', /mirror 1/],
    ['mirrors that loop', { registryMirrors: [{ from: 'a.corp', to: 'b.corp' }, { from: 'b.corp', to: 'a.corp' }] }, 'registryMirrors[0].to', /mirror 1/],
    ['a toleration with an unknown field', { tolerations: [{ key: 'k', vaule: 'typo' }] }, 'tolerations[0].vaule', /unknown field/],
    ['an Exists toleration with a value', { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }, 'tolerations[0].value', /empty when operator is Exists/],
    ['a toleration without key that is not Exists', { tolerations: [{ effect: 'NoSchedule' }] }, 'tolerations[0].operator', /Exists when key is empty/],
    ['tolerationSeconds without NoExecute', { tolerations: [{ key: 'k', operator: 'Exists', tolerationSeconds: 5 }] }, 'tolerations[0].effect', /NoExecute/],
    ['a bad toleration effect', { tolerations: [{ key: 'k', effect: 'Sometimes' }] }, 'tolerations[0].effect', /one of/],
    ['a bad label key', { labels: { 'bad key': 'v' } }, 'labels["bad key"]', /label key/],
    ['a bad label value', { labels: { ok: 'has spaces' } }, 'labels.ok', /label value/],
    ['a bad node selector key', { nodeSelector: { '-x': 'v' } }, 'nodeSelector["-x"]', /label key/],
    ['a bad annotation key', { annotations: { 'a/b/c': 'v' } }, 'annotations["a/b/c"]', /annotation key/],
    ['privileged: true', { securityContext: { container: { privileged: true } } }, 'securityContext.container.privileged', /weaken/],
    ['allowPrivilegeEscalation: true', { securityContext: { container: { allowPrivilegeEscalation: true } } }, 'securityContext.container.allowPrivilegeEscalation', /weaken/],
    ['added capabilities', { securityContext: { container: { capabilities: { add: ['NET_ADMIN'] } } } }, 'securityContext.container.capabilities.add', /weaken/],
    ['runAsNonRoot: false', { securityContext: { pod: { runAsNonRoot: false } } }, 'securityContext.pod.runAsNonRoot', /weaken/],
    ['runAsUser: 0', { securityContext: { container: { runAsUser: 0 } } }, 'securityContext.container.runAsUser', /weaken/],
    ['an Unconfined seccomp profile', { securityContext: { pod: { seccompProfile: { type: 'Unconfined' } } } }, 'securityContext.pod.seccompProfile.type', /weaken/],
    ['an Unconfined AppArmor profile', { securityContext: { container: { appArmorProfile: { type: 'Unconfined' } } } }, 'securityContext.container.appArmorProfile.type', /weaken/],
    ['an Unmasked procMount', { securityContext: { container: { procMount: 'Unmasked' } } }, 'securityContext.container.procMount', /weaken/],
    ['a host process container', { securityContext: { pod: { windowsOptions: { hostProcess: true } } } }, 'securityContext.pod.windowsOptions.hostProcess', /weaken/],
    ['an SELinux type', { securityContext: { pod: { seLinuxOptions: { type: 'spc_t' } } } }, 'securityContext.pod.seLinuxOptions.type', /unknown field/],
    ['sysctls', { securityContext: { pod: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } } }, 'securityContext.pod.sysctls', /weaken/],
    ['a pod-only field at container level', { securityContext: { container: { fsGroup: 1000 } } }, 'securityContext.container.fsGroup', /unknown field/],
    ['a mistyped field', { securityContext: { container: { readOnlyRootFilesystem: 'yes' } } }, 'securityContext.container.readOnlyRootFilesystem', /true or false/],
    ['a negative id', { securityContext: { pod: { runAsGroup: -1 } } }, 'securityContext.pod.runAsGroup', /0 or more/],
    ['a sidecar name that is not a DNS label', { sidecars: [{ ...SIDECAR, name: 'Log_Shipper' }] }, 'sidecars[0].name', /DNS label/],
    ['two sidecars of one name', { sidecars: [SIDECAR, SIDECAR] }, 'sidecars[1].name', /configured twice/],
    ['a sidecar container that is not an object', { sidecars: [{ ...SIDECAR, container: 'nginx' as unknown as Record<string, unknown> }] }, 'sidecars[0].container', /container object/],
    ['a sidecar without an image', { sidecars: [{ ...SIDECAR, container: { command: ['sh'] } }] }, 'sidecars[0].container.image', /needs an image/],
    ['a sidecar image that is not a reference', { sidecars: [{ ...SIDECAR, container: { image: '{{ image }}' } }] }, 'sidecars[0].container.image', /image reference/],
    ['a sidecar command that is a string', { sidecars: [{ ...SIDECAR, container: { image: 'x', command: 'sh -c x' } }] }, 'sidecars[0].container.command', /list/],
    ['a sidecar args list holding a number', { sidecars: [{ ...SIDECAR, container: { image: 'x', args: ['--port', 80] } }] }, 'sidecars[0].container.args[1]', /string/],
    ['a sidecar with an unknown container field', { sidecars: [{ ...SIDECAR, container: { image: 'x', imagee: 'y' } }] }, 'sidecars[0].container.imagee', /unknown field/],
    ['a sidecar volume mount without a path', { sidecars: [{ ...SIDECAR, container: { image: 'x', volumeMounts: [{ name: 'v', mountpath: '/v' }] } }] }, 'sidecars[0].container.volumeMounts[0].mountpath', /unknown field/],
    ['a sidecar restartPolicy other than Always', { sidecars: [{ ...SIDECAR, container: { image: 'x', restartPolicy: 'OnFailure' } }] }, 'sidecars[0].container.restartPolicy', /Always/],
    ['a sidecar selector with a bad value', { sidecars: [{ ...SIDECAR, selector: { team: 'a b' } }] }, 'sidecars[0].selector.team', /label value/],
    ['a sidecar volume without a name', { sidecars: [{ ...SIDECAR, volumes: [{ emptyDir: {} }] }] }, 'sidecars[0].volumes[0].name', /needs a name/],
    ['a sidecar volume listed twice', { sidecars: [{ ...SIDECAR, volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] }] }, 'sidecars[0].volumes[1].name', /twice/],
  ];
  it.each(refused)('refuses %s, pointing at the field', (_name, partial, path, reason) => {
    const error = problem(partial);
    expect(error.message.startsWith(`admission.mutations.${path}: `), error.message).toBe(true);
    expect(error.reason).toMatch(reason);
  });
});
