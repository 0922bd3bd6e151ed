import type { JsonPath } from '../../../core/fix.js';
import type { MutationConfig, SidecarConfig } from '../../../config/admission.js';
import { InvalidImageReferenceError, parseImageReference } from '../../../parsers/image/reference.js';
import { asRecord, formatPath } from '../../../parsers/kubernetes/values.js';
import { isDnsLabel, isLabelValue, isQualifiedName } from './names.js';
import { mirrorLoop, parseMirrorSource, parseMirrorTarget, type Mirror } from './registry-mirrors.js';

/**
 * A mutation configuration the webhook must not apply: the API server would reject what it produces, it would weaken
 * a security context, or reinvocation would not be a no-op. `path` is relative to `admission.mutations`, so a config
 * reader can point at the line; a request handler turns it into a denial (or its failure policy).
 */
export class MutationConfigError extends Error {
  constructor(
    readonly path: JsonPath,
    readonly reason: string,
  ) {
    super(`admission.mutations.${formatPath(path)}: ${reason}`);
    this.name = 'MutationConfigError';
  }
}

/** What mutateObject needs beyond the config, computed once per config object. */
export interface CompiledMutations {
  mirrors: Mirror[];
}

/** Checks every configured mutation and compiles the mirrors. Throws MutationConfigError. */
export function compileMutations(config: MutationConfig): CompiledMutations {
  const mirrors = checkMirrors(config);
  config.tolerations.forEach((toleration, i) => checkToleration(toleration, ['tolerations', i]));
  checkLabels(config.nodeSelector, ['nodeSelector']);
  checkLabels(config.labels, ['labels']);
  for (const key of Object.keys(config.annotations)) {
    if (!isQualifiedName(key)) throw new MutationConfigError(['annotations', key], 'not a valid annotation key ([prefix/]name)');
  }
  if (config.securityContext.pod) checkFields(config.securityContext.pod, ['securityContext', 'pod'], POD_SECURITY_CONTEXT);
  if (config.securityContext.container) checkFields(config.securityContext.container, ['securityContext', 'container'], CONTAINER_SECURITY_CONTEXT);
  const names = new Set<string>();
  config.sidecars.forEach((sidecar, i) => {
    if (names.has(sidecar.name)) throw new MutationConfigError(['sidecars', i, 'name'], `sidecar "${sidecar.name}" is configured twice`);
    names.add(sidecar.name);
    checkSidecar(sidecar, ['sidecars', i]);
  });
  return { mirrors };
}

function checkMirrors(config: MutationConfig): Mirror[] {
  const mirrors = config.registryMirrors.map(({ from, to }, i) => {
    const source = parsed(() => parseMirrorSource(from), ['registryMirrors', i, 'from']);
    const target = parsed(() => parseMirrorTarget(to), ['registryMirrors', i, 'to']);
    // `nginx` would become `registry.corp` alone, which Docker reads as the Docker Hub image `library/registry.corp`.
    if (target.base === '' && source.repository !== undefined) throw new MutationConfigError(['registryMirrors', i, 'to'], 'a bare registry target needs a bare registry source; add a repository path');
    return { from, source, to };
  });
  const loop = mirrorLoop(mirrors);
  if (loop) throw new MutationConfigError(['registryMirrors', loop.index, 'to'], loop.message);
  return mirrors;
}

function parsed<T>(parse: () => T, path: JsonPath): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidImageReferenceError) throw new MutationConfigError(path, error.reason);
    throw error;
  }
}

const TOLERATION_EFFECTS = ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Kubernetes' ValidateTolerations, so a default toleration can never make the API server refuse a pod. */
function checkToleration(toleration: Record<string, unknown>, path: JsonPath): void {
  checkFields(toleration, path, {
    key: (v) => (typeof v !== 'string' ? 'must be a string' : v !== '' && !isQualifiedName(v) ? 'not a valid label key' : undefined),
    operator: (v) => (v === 'Equal' || v === 'Exists' ? undefined : 'must be Equal or Exists'),
    value: (v) => (typeof v !== 'string' ? 'must be a string' : undefined),
    effect: (v) => (typeof v === 'string' && TOLERATION_EFFECTS.includes(v) ? undefined : `must be one of NoSchedule, PreferNoSchedule, NoExecute`),
    tolerationSeconds: (v) => (Number.isSafeInteger(v) ? undefined : 'must be a whole number'),
  });
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists' && (toleration.value ?? '') !== '') throw new MutationConfigError([...path, 'value'], 'must be empty when operator is Exists');
  if ((toleration.key ?? '') === '' && operator !== 'Exists') throw new MutationConfigError([...path, 'operator'], 'must be Exists when key is empty');
  if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
    throw new MutationConfigError([...path, 'effect'], 'must be NoExecute when tolerationSeconds is set');
  }
}

function checkLabels(labels: Readonly<Record<string, string>>, path: JsonPath): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) throw new MutationConfigError([...path, key], 'not a valid label key ([prefix/]name)');
    if (!isLabelValue(value)) throw new MutationConfigError([...path, key], `"${value}" is not a valid label value (63 characters at most, alphanumerics, "-", "_" and ".")`);
  }
}

/** Returns the problem with a field's value, if any. */
type FieldCheck = (value: unknown, path: JsonPath) => string | undefined;

/** Unknown fields are refused: the API server would drop or reject them on every mutated request. */
function checkFields(record: Record<string, unknown>, path: JsonPath, checks: Readonly<Record<string, FieldCheck>>): void {
  for (const [field, value] of Object.entries(record)) {
    const check = Object.hasOwn(checks, field) ? checks[field] : undefined;
    if (!check) throw new MutationConfigError([...path, field], `unknown field (expected one of ${Object.keys(checks).join(', ')})`);
    const problem = check(value, [...path, field]);
    if (problem) throw new MutationConfigError([...path, field], problem);
  }
}

function nested(checks: Readonly<Record<string, FieldCheck>>): FieldCheck {
  return (value, path) => {
    const record = asRecord(value);
    if (!record) return 'must be an object';
    checkFields(record, path, checks);
    return undefined;
  };
}

const isBoolean: FieldCheck = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const isString: FieldCheck = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const isId: FieldCheck = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'must be a whole number, 0 or more');
const oneOf =
  (...values: string[]): FieldCheck =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`;
const listOf =
  (item: FieldCheck): FieldCheck =>
  (v, path) => {
    if (!Array.isArray(v)) return 'must be a list';
    for (const [i, entry] of v.entries()) {
      const problem = item(entry, [...path, i]);
      if (problem) throw new MutationConfigError([...path, i], problem);
    }
    return undefined;
  };
const unless =
  (check: FieldCheck, weakening: (v: unknown) => boolean, why: string): FieldCheck =>
  (v, path) =>
    check(v, path) ?? (weakening(v) ? `would weaken the security context: ${why}` : undefined);

/** A profile default may only confine: Unconfined would weaken every pod that set nothing. */
const profile = (kind: string): FieldCheck =>
  nested({
    type: unless(oneOf('RuntimeDefault', 'Localhost', 'Unconfined'), (v) => v === 'Unconfined', `an Unconfined ${kind} profile removes the runtime's confinement`),
    localhostProfile: isString,
  });

/** Only the MCS level: a default SELinux user, role or type would move every container into another domain. */
const seLinuxOptions = nested({ level: isString });

const windowsOptions = nested({
  gmsaCredentialSpecName: isString,
  gmsaCredentialSpec: isString,
  runAsUserName: isString,
  hostProcess: unless(isBoolean, (v) => v === true, 'host process containers run on the node'),
});

/** Fields both security contexts have; a container's value overrides the pod's. */
const SHARED_SECURITY_CONTEXT: Readonly<Record<string, FieldCheck>> = {
  runAsNonRoot: unless(isBoolean, (v) => v === false, 'runAsNonRoot: false allows running as root'),
  runAsUser: unless(isId, (v) => v === 0, 'runAsUser: 0 runs as root'),
  runAsGroup: isId,
  seccompProfile: profile('seccomp'),
  appArmorProfile: profile('AppArmor'),
  seLinuxOptions,
  windowsOptions,
};

const CONTAINER_SECURITY_CONTEXT: Readonly<Record<string, FieldCheck>> = {
  ...SHARED_SECURITY_CONTEXT,
  allowPrivilegeEscalation: unless(isBoolean, (v) => v === true, 'allowPrivilegeEscalation: true allows setuid binaries to gain privileges'),
  privileged: unless(isBoolean, (v) => v === true, 'privileged containers have every capability and the host devices'),
  readOnlyRootFilesystem: isBoolean,
  procMount: unless(oneOf('Default', 'Unmasked'), (v) => v === 'Unmasked', 'an Unmasked /proc exposes host kernel interfaces'),
  capabilities: nested({
    drop: listOf(isString),
    add: unless(listOf(isString), (v) => Array.isArray(v) && v.length > 0, 'adding capabilities grants privileges the runtime withholds'),
  }),
};

const POD_SECURITY_CONTEXT: Readonly<Record<string, FieldCheck>> = {
  ...SHARED_SECURITY_CONTEXT,
  fsGroup: isId,
  fsGroupChangePolicy: oneOf('OnRootMismatch', 'Always'),
  supplementalGroups: listOf(isId),
  supplementalGroupsPolicy: oneOf('Merge', 'Strict'),
  seLinuxChangePolicy: oneOf('MountOption', 'Recursive'),
  sysctls: () => 'would weaken the security context: sysctls tune the node kernel and are not a default to impose',
};

const isRecord: FieldCheck = (v) => (asRecord(v) ? undefined : 'must be an object');
const isStringList = listOf(isString);
const isRecordList = listOf(isRecord);

/** The fields of a core/v1 Container; anything else would be dropped or rejected by the API server. */
const CONTAINER: Readonly<Record<string, FieldCheck>> = {
  name: isString,
  image: (v) => (typeof v === 'string' && parseImageReference(v) !== undefined ? undefined : 'must be an image reference'),
  command: isStringList,
  args: isStringList,
  workingDir: isString,
  ports: isRecordList,
  env: isRecordList,
  envFrom: isRecordList,
  resources: isRecord,
  resizePolicy: isRecordList,
  restartPolicy: (v) => (v === 'Always' ? undefined : 'must be Always (a native sidecar) or absent'),
  volumeMounts: listOf(nested({ name: isString, mountPath: isString, readOnly: isBoolean, recursiveReadOnly: isString, subPath: isString, subPathExpr: isString, mountPropagation: isString })),
  volumeDevices: isRecordList,
  livenessProbe: isRecord,
  readinessProbe: isRecord,
  startupProbe: isRecord,
  lifecycle: isRecord,
  terminationMessagePath: isString,
  terminationMessagePolicy: oneOf('File', 'FallbackToLogsOnError'),
  imagePullPolicy: oneOf('Always', 'IfNotPresent', 'Never'),
  securityContext: isRecord,
  stdin: isBoolean,
  stdinOnce: isBoolean,
  tty: isBoolean,
};

function checkSidecar(sidecar: SidecarConfig, path: JsonPath): void {
  if (!isDnsLabel(sidecar.name)) throw new MutationConfigError([...path, 'name'], 'a container name is a DNS label (lowercase alphanumerics and "-", 63 characters at most)');
  const container = asRecord(sidecar.container);
  if (!container) throw new MutationConfigError([...path, 'container'], 'must be a container object');
  checkFields(container, [...path, 'container'], CONTAINER);
  if (container.image === undefined) throw new MutationConfigError([...path, 'container', 'image'], 'a sidecar needs an image');
  checkLabels(sidecar.selector, [...path, 'selector']);
  const volumes = new Set<string>();
  sidecar.volumes.forEach((volume, i) => {
    const name = asRecord(volume)?.name;
    if (typeof name !== 'string' || !isDnsLabel(name)) throw new MutationConfigError([...path, 'volumes', i, 'name'], 'a volume needs a name that is a DNS label');
    if (volumes.has(name)) throw new MutationConfigError([...path, 'volumes', i, 'name'], `volume "${name}" is listed twice`);
    volumes.add(name);
  });
}
