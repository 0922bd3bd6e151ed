import type { Location } from '../../../core/finding.js';
import { asArray, asRecord, asString, formatPath } from '../../../parsers/kubernetes/values.js';
import type { PolicyAction, PolicyDocument, PolicyLoadError } from '../types.js';
import { parseMatch, type ConstraintMatch } from './match.js';

/** The only target Gatekeeper's validating webhook and audit evaluate. */
const ADMISSION_TARGET = 'admission.k8s.gatekeeper.sh';
const TEMPLATE_VERSIONS = new Set(['templates.gatekeeper.sh/v1', 'templates.gatekeeper.sh/v1beta1', 'templates.gatekeeper.sh/v1alpha1']);
const CONSTRAINT_GROUP = 'constraints.gatekeeper.sh/';

/** One Rego source of a template, with the document path it was read from (to map compiler lines back). */
export interface RegoModule {
  /** The file name opa sees: `template.rego`, `lib_0.rego`, ... */
  name: string;
  text: string;
  path: ReadonlyArray<string | number>;
}

export interface RegoTemplate {
  /** The constraint kind the template defines (`spec.crd.spec.names.kind`). */
  kind: string;
  name: string;
  modules: RegoModule[];
  /** `v1` only when the template says so; Gatekeeper reads everything else as Rego v0. */
  regoVersion: 'v0' | 'v1' | 'unspecified';
  document: PolicyDocument;
}

export interface Constraint {
  kind: string;
  name: string;
  match: ConstraintMatch;
  parameters: Record<string, unknown>;
  actions: readonly PolicyAction[];
  location: Location;
}

export function isTemplate(object: Record<string, unknown>): boolean {
  return object.kind === 'ConstraintTemplate' && TEMPLATE_VERSIONS.has(String(object.apiVersion));
}

export function isConstraint(object: Record<string, unknown>): boolean {
  return typeof object.apiVersion === 'string' && object.apiVersion.startsWith(CONSTRAINT_GROUP) && typeof object.kind === 'string';
}

export function documentLocation(document: PolicyDocument, path: ReadonlyArray<string | number> = []): Location {
  const located = path.length > 0 ? document.locate?.(path) : undefined;
  return located ?? { file: document.file, startLine: document.line, startColumn: 1, endLine: document.line, endColumn: 1 };
}

function loadError(document: PolicyDocument, path: ReadonlyArray<string | number>, message: string): PolicyLoadError {
  return { file: document.file, line: documentLocation(document, path).startLine, message };
}

/** Reads a ConstraintTemplate as Gatekeeper's constraint framework does: the Rego of its one admission target. */
export function readTemplate(document: PolicyDocument): RegoTemplate | PolicyLoadError {
  const { object } = document;
  const name = asString(asRecord(object.metadata)?.name);
  const kind = asString(asRecord(asRecord(asRecord(asRecord(object.spec)?.crd)?.spec)?.names)?.kind);
  const label = `ConstraintTemplate ${name ?? '(unnamed)'}`;
  if (!name) return loadError(document, ['metadata'], `${label}: metadata.name is required`);
  if (!kind) return loadError(document, ['spec', 'crd'], `${label}: spec.crd.spec.names.kind is required`);
  // Gatekeeper names the constraint CRD after the template, so it refuses a template whose name is not its kind.
  if (name !== kind.toLowerCase()) {
    return loadError(document, ['metadata', 'name'], `${label}: metadata.name must be "${kind.toLowerCase()}", the lowercase of its kind ${kind}`);
  }
  const targets = asRecord(object.spec)?.targets;
  if (!Array.isArray(targets) || targets.length !== 1) {
    return loadError(document, ['spec', 'targets'], `${label}: spec.targets must list exactly one target`);
  }
  const target = asRecord(targets[0]);
  if (target?.target !== ADMISSION_TARGET) {
    return loadError(document, ['spec', 'targets', 0], `${label}: the only supported target is ${ADMISSION_TARGET}`);
  }
  const source = regoSource(target);
  if (typeof source === 'string') return loadError(document, ['spec', 'targets', 0], `${label}: ${source}`);
  return { kind, name, modules: source.modules, regoVersion: source.version, document };
}

/** A target's Rego: the `code` entry of engine Rego when there is one (newer templates), else `rego`/`libs`. */
function regoSource(target: Record<string, unknown>): { modules: RegoModule[]; version: RegoTemplate['regoVersion'] } | string {
  const base: Array<string | number> = ['spec', 'targets', 0];
  const code = asArray(target.code);
  const index = code.findIndex((entry) => asRecord(entry)?.engine === 'Rego');
  let record: Record<string, unknown> | undefined = target;
  let path = base;
  if (index >= 0) {
    record = asRecord(asRecord(code[index])?.source);
    path = [...base, 'code', index, 'source'];
    if (!record) return `${formatPath(path)} must be a map with rego and libs`;
  }
  if (typeof record.rego !== 'string' || record.rego.trim() === '') {
    return index < 0 && code.length > 0
      ? 'the template has no Rego (only other engines), which Rampart evaluates only for ValidatingAdmissionPolicies'
      : `${formatPath([...path, 'rego'])} must hold the template's Rego`;
  }
  const modules: RegoModule[] = [{ name: 'template.rego', text: record.rego, path: [...path, 'rego'] }];
  if (record.libs !== undefined && !Array.isArray(record.libs)) return `${formatPath([...path, 'libs'])} must be a list of Rego sources`;
  for (const [i, lib] of asArray(record.libs).entries()) {
    if (typeof lib !== 'string') return `${formatPath([...path, 'libs', i])} must be a Rego source`;
    modules.push({ name: `lib_${i}.rego`, text: lib, path: [...path, 'libs', i] });
  }
  const version = index >= 0 ? asString(record.version) : undefined;
  if (version !== undefined && version !== 'v0' && version !== 'v1') return `${formatPath([...path, 'version'])} must be v0 or v1`;
  return { modules, version: version ?? 'unspecified' };
}

const ACTIONS: Readonly<Record<string, PolicyAction>> = { deny: 'deny', warn: 'warn', dryrun: 'audit' };
/** The enforcement points whose scoped actions apply to a scan or an admission request. */
const OUR_POINTS = new Set(['*', 'validation.gatekeeper.sh', 'gator.gatekeeper.sh']);

/** Reads a constraint of a known template kind; `parameters` default to `{}` as the framework defaults them. */
export function readConstraint(document: PolicyDocument): Constraint | PolicyLoadError {
  const { object } = document;
  const kind = String(object.kind);
  const name = asString(asRecord(object.metadata)?.name);
  if (!name) return loadError(document, ['metadata'], `${kind} constraint: metadata.name is required`);
  const label = `${kind} ${name}`;
  const spec = object.spec === undefined ? {} : asRecord(object.spec);
  if (!spec) return loadError(document, ['spec'], `${label}: spec must be a map`);
  const parameters = spec.parameters === undefined || spec.parameters === null ? {} : asRecord(spec.parameters);
  if (!parameters) return loadError(document, ['spec', 'parameters'], `${label}: spec.parameters must be a map`);
  const actions = readActions(spec);
  if (typeof actions === 'string') return loadError(document, ['spec', 'enforcementAction'], `${label}: ${actions}`);
  const match = parseMatch(spec.match);
  if (typeof match === 'string') return loadError(document, ['spec', 'match'], `${label}: ${match}`);
  return { kind, name, match, parameters, actions, location: documentLocation(document, ['metadata', 'name']) };
}

function readActions(spec: Record<string, unknown>): readonly PolicyAction[] | string {
  const action = spec.enforcementAction ?? 'deny';
  if (typeof action !== 'string') return 'enforcementAction must be a string';
  const simple = ACTIONS[action.toLowerCase()];
  if (simple) return [simple];
  if (action.toLowerCase() !== 'scoped') return `unknown enforcementAction "${action}" (use deny, warn, dryrun or scoped)`;
  if (!Array.isArray(spec.scopedEnforcementActions) || spec.scopedEnforcementActions.length === 0) {
    return 'enforcementAction scoped needs a list of scopedEnforcementActions';
  }
  const actions = new Set<PolicyAction>();
  for (const entry of spec.scopedEnforcementActions) {
    const scoped = asRecord(entry);
    const mapped = ACTIONS[String(scoped?.action).toLowerCase()];
    if (!scoped || !mapped) return `scopedEnforcementActions entries need an action of deny, warn or dryrun`;
    const points = asArray(scoped.enforcementPoints).map((point) => asString(asRecord(point)?.name));
    if (points.some((point) => point === undefined)) return 'scopedEnforcementActions enforcementPoints need a name';
    if (points.some((point) => OUR_POINTS.has(point!))) actions.add(mapped);
  }
  // Scoped only to the audit: recorded, never blocking here.
  return actions.size > 0 ? [...actions] : ['audit'];
}
