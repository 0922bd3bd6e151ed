import { MIN_ID } from '../../checks/rules/kubernetes/security-context/low-id.js';
import { CONTAINER, CONTAINERS, concat, each, IS_WINDOWS, lit, msg, SPEC, unless, when } from './cel.js';
import type { CelRule, ResourceRule, RuleCel } from './types.js';

/**
 * Rules beyond the Pod Security Standards that judge one object from its own fields, as CEL. Each mirrors the check
 * of the rule with the same ID (checks/rules/kubernetes/), field for field and message for message.
 */

const podRule = (messages: string): RuleCel => ({ match: 'pod-templates', messages });
const coreResources = (...resources: string[]): ResourceRule[] => [{ apiGroups: [''], apiVersions: ['v1'], resources }];

/** Regular and init containers: the ones resource, filesystem and probe rules judge. */
const REGULAR_AND_INIT = `(${SPEC}.?containers.orValue([]) + ${SPEC}.?initContainers.orValue([]))`;

const readOnlyRootFilesystem: CelRule = {
  id: 'k8s/read-only-root-filesystem',
  cel: () =>
    podRule(unless(IS_WINDOWS, each(
      REGULAR_AND_INIT,
      'c',
      'c.?securityContext.?readOnlyRootFilesystem.orValue(null) != true',
      `c.?securityContext.?readOnlyRootFilesystem.orValue(null) == false ? ${msg`${CONTAINER()} sets readOnlyRootFilesystem to false`} : ${msg`${CONTAINER()} does not set readOnlyRootFilesystem: true`}`,
    ))),
};

/** low-id.ts: explicit container values judged one by one, the pod value once for the containers inheriting it. */
function lowId(id: string, field: 'runAsUser' | 'runAsGroup', exempt: string[]): CelRule {
  const low = (value: string) => `${value} < ${MIN_ID}${exempt.map((e) => ` && ${value} != ${e}`).join('')}`;
  const containerValue = `c.?securityContext.?${field}.orValue(null)`;
  const podValue = `${SPEC}.?securityContext.?${field}.orValue(null)`;
  const inheritors = `${CONTAINERS}.filter(c, type(${containerValue}) != int)`;
  return {
    id,
    cel: () =>
      podRule(unless(IS_WINDOWS, concat(
        each(CONTAINERS, 'c', `type(${containerValue}) == int && ${low(containerValue)}`, msg`${CONTAINER()} sets ${lit(field)} to ${`string(${containerValue})`}, below ${lit(String(MIN_ID))}`),
        when(
          `type(${podValue}) == int && ${low(podValue)} && size(${inheritors}) > 0`,
          msg`pod securityContext sets ${lit(field)} to ${`string(${podValue})`}, below ${lit(String(MIN_ID))}, for container${`size(${inheritors}) > 1 ? 's' : ''`} ${`${inheritors}.map(c, '"' + c.name + '"').join(', ')`}`,
        ),
      ))),
  };
}

const automountServiceAccountToken: CelRule = {
  id: 'k8s/automount-service-account-token',
  cel: () =>
    podRule(concat(
      when(`${SPEC}.?automountServiceAccountToken.orValue(null) == true`, lit('pod sets automountServiceAccountToken to true, mounting an API token into every container')),
      when(`!${SPEC}.?automountServiceAccountToken.hasValue()`, lit('pod does not set automountServiceAccountToken: false, so an API token is mounted into every container')),
    )),
};

const SA_NAME = `${SPEC}.?serviceAccountName.orValue('')`;
const SA_LEGACY = `${SPEC}.?serviceAccount.orValue('')`;
const USES_NAME_FIELD = `(${SA_NAME} != '' || ${SA_LEGACY} == '')`;
const PROJECTS_TOKEN = `${SPEC}.?volumes.orValue([]).exists(v, v.?projected.?sources.orValue([]).exists(s, has(s.serviceAccountToken)))`;

const defaultServiceAccount: CelRule = {
  id: 'k8s/default-service-account',
  cel: () => {
    const name = `(${USES_NAME_FIELD} ? ${SA_NAME} : ${SA_LEGACY})`;
    const field = `(${USES_NAME_FIELD} ? 'serviceAccountName' : 'serviceAccount')`;
    const holdsNoToken = `(${SPEC}.?automountServiceAccountToken.orValue(null) == false && !${PROJECTS_TOKEN})`;
    return podRule(when(
      `(${name} == '' || ${name} == 'default') && !${holdsNoToken}`,
      `${name} == '' ? ${lit('pod does not set serviceAccountName, so it runs as the namespace\'s "default" service account')} : ${msg`pod sets ${field} to "default"`}`,
    ));
  },
};

const shareProcessNamespace: CelRule = {
  id: 'k8s/share-process-namespace',
  cel: () =>
    podRule(when(`${SPEC}.?shareProcessNamespace.orValue(false) == true`, lit("pod sets shareProcessNamespace: true, so its containers can see and signal each other's processes"))),
};

const hostAliases: CelRule = {
  id: 'k8s/host-aliases',
  cel: () => {
    const aliases = `${SPEC}.?hostAliases.orValue([])`;
    const entry = `(size(a.?hostnames.orValue([])) > 0 ? a.hostnames.join(', ') : '?') + ' -> ' + a.?ip.orValue('?')`;
    return podRule(when(`size(${aliases}) > 0`, msg`pod overrides /etc/hosts with hostAliases: ${`${aliases}.map(a, ${entry}).join('; ')`}`));
  },
};

/** probe-scope.ts: only regular containers of long-running pods. */
const RUN_TO_COMPLETION = `(object.kind == 'Job' || object.kind == 'CronJob' || ${SPEC}.?restartPolicy.orValue('') in ['Never', 'OnFailure'])`;

function missingProbe(id: string, field: 'livenessProbe' | 'readinessProbe'): CelRule {
  return {
    id,
    cel: () => podRule(unless(RUN_TO_COMPLETION, each(`${SPEC}.?containers.orValue([])`, 'c', `!c.?${field}.hasValue()`, msg`${CONTAINER()} has no ${lit(field)}`))),
  };
}

/** requirements.ts' `quantity`: a numeric prefix that is zero means zero, as Kubernetes treats 0 and unset alike. */
const ZERO_QUANTITY = '^[+-]?(0+[.]?0*|[.]0+)($|[^0-9.])';
const quantityState = (value: string) => `(${value} == '' ? 'unset' : string(${value}).matches(${lit(ZERO_QUANTITY)}) ? 'zero' : 'set')`;

function missingResource(id: string, kind: 'requests' | 'limits', resource: 'cpu' | 'memory' | 'ephemeral-storage'): CelRule {
  const label = { cpu: 'CPU', memory: 'memory', 'ephemeral-storage': 'ephemeral-storage' }[resource];
  const noun = `${label} ${kind === 'requests' ? 'request' : 'limit'}`;
  // Not the optional index `[?key]`: `ephemeral-storage` is no identifier, and `in` reads the same everywhere.
  const valueOf = (requirements: string, of: string) => `(${lit(resource)} in ${requirements}.?${of}.orValue({}) ? ${requirements}.${of}[${lit(resource)}] : '')`;
  const satisfied = (requirements: string) =>
    `(${quantityState(valueOf(requirements, kind))} == 'set'${kind === 'requests' ? ` || ${quantityState(valueOf(requirements, 'limits'))} == 'set'` : ''})`;
  return {
    id,
    cel: () =>
      podRule(unless(satisfied(`${SPEC}.?resources.orValue({})`), each(
        REGULAR_AND_INIT,
        'c',
        `!${satisfied("c.?resources.orValue({})")}`,
        `${quantityState(valueOf("c.?resources.orValue({})", kind))} == 'zero' ? ${msg`${CONTAINER()} sets its ${lit(noun)} to 0`} : ${msg`${CONTAINER()} has no ${lit(noun)}`}`,
      ))),
  };
}

const SERVICE = msg`Service "${"object.metadata.?name.orValue('?')"}"`;

const serviceNodePort: CelRule = {
  id: 'k8s/service-node-port',
  cel: () => ({
    match: coreResources('services'),
    messages: when("object.spec.?type.orValue('') == 'NodePort'", `${SERVICE} + ${lit(' is of type NodePort, exposed on every node')}`),
  }),
};

const serviceExternalIps: CelRule = {
  id: 'k8s/service-external-ips',
  cel: () => ({
    match: coreResources('services'),
    messages: when(
      'size(object.spec.?externalIPs.orValue([])) > 0',
      `${SERVICE} + ${msg` sets externalIPs ${'object.spec.externalIPs.join(", ")'} (CVE-2020-8554)`}`,
    ),
  }),
};

const defaultServiceAccountAutomount: CelRule = {
  id: 'k8s/default-service-account-automount',
  cel: () => ({
    match: coreResources('serviceaccounts'),
    messages: concat(
      when("object.metadata.name == 'default' && dyn(object).?automountServiceAccountToken.orValue(null) == true", lit('ServiceAccount "default" sets automountServiceAccountToken to true')),
      when("object.metadata.name == 'default' && !dyn(object).?automountServiceAccountToken.hasValue()", lit('ServiceAccount "default" does not set automountServiceAccountToken: false')),
    ),
  }),
};

/** In `bestPracticeRules` order. */
export const WORKLOAD_CEL_RULES: readonly CelRule[] = [
  missingResource('k8s/cpu-requests-missing', 'requests', 'cpu'),
  missingResource('k8s/memory-requests-missing', 'requests', 'memory'),
  missingResource('k8s/memory-limit-missing', 'limits', 'memory'),
  missingResource('k8s/cpu-limit-missing', 'limits', 'cpu'),
  missingResource('k8s/ephemeral-storage-limit-missing', 'limits', 'ephemeral-storage'),
  readOnlyRootFilesystem,
  lowId('k8s/run-as-user-low', 'runAsUser', ['0']),
  lowId('k8s/run-as-group-low', 'runAsGroup', []),
  automountServiceAccountToken,
  defaultServiceAccount,
  defaultServiceAccountAutomount,
  shareProcessNamespace,
  hostAliases,
  missingProbe('k8s/liveness-probe-missing', 'livenessProbe'),
  missingProbe('k8s/readiness-probe-missing', 'readinessProbe'),
  serviceNodePort,
  serviceExternalIps,
];

/** Kubernetes rules the export leaves out, with why. Set rules and secret detectors are explained in export.ts. */
export const NOT_EXPRESSIBLE: Readonly<Record<string, string>> = {
  'k8s/image-registry-not-allowed': 'not exported yet: the allowed registries are configuration, not yet written into the policy; `rampart admission` image trust enforces them',
  'k8s/default-namespace': 'judges manifests that leave the namespace to whoever applies them; at admission every namespaced object has one',
  'k8s/runtime-socket-mount': 'not exported yet: the host path matching of host/host-paths.ts (normalisation, prefixes) is not in CEL',
  'k8s/host-path-sensitive': 'not exported yet: the host path matching of host/host-paths.ts (normalisation, prefixes) is not in CEL',
  'k8s/host-path-writable': 'not exported yet: joins volumes to every container\'s mounts by name',
  'k8s/probes-identical': 'compares probes as canonical JSON, which CEL cannot produce',
  'k8s/secret-in-manifest': 'uses the secret detectors (patterns, checksums, entropy), which CEL cannot express',
  'k8s/secret-config-in-manifest': 'uses the secret detectors (patterns, checksums, entropy), which CEL cannot express',
  'k8s/secret-data-invalid-base64': 'the API server itself refuses Secret data that is not base64',
  'k8s/env-plain-secret': 'uses the secret detectors (patterns, checksums, entropy), which CEL cannot express',
  'k8s/configmap-credentials': 'uses the secret detectors (patterns, checksums, entropy), which CEL cannot express',
  'k8s/secret-in-env': 'uses the secret detectors (patterns, checksums, entropy), which CEL cannot express',
  'k8s/removed-api-version': 'the API server itself refuses API versions it has removed',
};

