import type { ApiGetter } from '../../../sources/cluster/client.js';
import { ApiError } from '../../../sources/cluster/errors.js';
import { asArray, asRecord } from '../../../parsers/kubernetes/values.js';
import type { PlannedObject } from './plan.js';
import { splitApiVersion, type TargetApi } from './target.js';

export interface PreflightIssue {
  kind: 'missing-type' | 'version-conversion' | 'missing-storage-class' | 'admission' | 'unchecked';
  message: string;
  /** How many objects of the restore it concerns. */
  objects: number;
}

const ADMISSION = '/apis/admissionregistration.k8s.io/v1';

/**
 * What in the target may stop objects from being restored, found before anything is written: kinds the target does
 * not serve (and no CustomResourceDefinition of the backup provides), kinds served only at another version,
 * StorageClasses claims and volumes name that neither the target nor the backup has, and the admission webhooks and
 * ValidatingAdmissionPolicies that will judge the restored objects.
 */
export async function preflight(client: ApiGetter, target: TargetApi, objects: readonly PlannedObject[]): Promise<PreflightIssue[]> {
  return [...(await typeIssues(target, objects)), ...(await storageClassIssues(client, objects)), ...(await admissionIssues(client, objects))];
}

async function typeIssues(target: TargetApi, objects: readonly PlannedObject[]): Promise<PreflightIssue[]> {
  const defined = new Set(objects.filter(isCrd).map((crd) => {
    const spec = asRecord(crd.body.spec);
    return `${String(spec?.group)}/${String(asRecord(spec?.names)?.kind)}`;
  }));
  const issues: PreflightIssue[] = [];
  for (const [typeKey, group] of groupBy(objects, (o) => `${o.apiVersion} ${o.kind}`)) {
    const { apiVersion, kind } = group[0]!;
    const resolution = await target.resolve(apiVersion, kind);
    if (resolution.state === 'missing') {
      // Served once the restore has created its CustomResourceDefinition.
      if (defined.has(`${splitApiVersion(apiVersion)[0]}/${kind}`)) continue;
      issues.push({ kind: 'missing-type', message: `${typeKey}: ${resolution.reason}; ${group.length} object(s) cannot be restored`, objects: group.length });
    } else if (resolution.state === 'converted') {
      issues.push({ kind: 'version-conversion', message: `${typeKey}: the target does not serve ${apiVersion}; ${group.length} object(s) will be written as ${resolution.type.apiVersion} (the server validates them; what it refuses is reported)`, objects: group.length });
    }
  }
  return issues;
}

async function storageClassIssues(client: ApiGetter, objects: readonly PlannedObject[]): Promise<PreflightIssue[]> {
  const wanted = groupBy(objects.filter((o) => o.group === '' && (o.kind === 'PersistentVolumeClaim' || o.kind === 'PersistentVolume')), (o) => {
    const name = asRecord(o.body.spec)?.storageClassName;
    return typeof name === 'string' ? name : '';
  });
  wanted.delete('');
  if (wanted.size === 0) return [];
  const restored = new Set(objects.filter((o) => o.group === 'storage.k8s.io' && o.kind === 'StorageClass').map((o) => o.name));
  const listed = await listNames(client, '/apis/storage.k8s.io/v1/storageclasses');
  if (typeof listed === 'string') return [{ kind: 'unchecked', message: `StorageClasses not checked: ${listed}`, objects: 0 }];
  return [...wanted].filter(([name]) => !listed.has(name) && !restored.has(name)).map(([name, users]) => ({
    kind: 'missing-storage-class' as const,
    message: `StorageClass ${name} does not exist in the target (named by ${users.map(describe).slice(0, 5).join(', ')}${users.length > 5 ? ', ...' : ''}); map it with --storage-class-map ${name}=NAME`,
    objects: users.length,
  }));
}

interface AdmissionRule {
  apiGroups?: unknown;
  apiVersions?: unknown;
  resources?: unknown;
  operations?: unknown;
}

async function admissionIssues(client: ApiGetter, objects: readonly PlannedObject[]): Promise<PreflightIssue[]> {
  const issues: PreflightIssue[] = [];
  for (const kind of ['validating', 'mutating'] as const) {
    const listed = await listItems(client, `${ADMISSION}/${kind}webhookconfigurations`);
    if (typeof listed === 'string') {
      issues.push({ kind: 'unchecked', message: `${kind} webhooks not checked: ${listed}`, objects: 0 });
      continue;
    }
    for (const config of listed) {
      const configName = String(asRecord(config.metadata)?.name);
      for (const webhook of asArray(config.webhooks).map(asRecord)) {
        const matched = objects.filter((o) => asArray(webhook?.rules).some((rule) => ruleMatches(asRecord(rule) ?? {}, o)));
        if (matched.length === 0) continue;
        issues.push({
          kind: 'admission',
          message: `${kind} webhook ${String(webhook?.name)} (${configName}, failurePolicy ${String(webhook?.failurePolicy ?? 'Fail')}) judges ${summary(matched)}; its service must be up and may reject them`,
          objects: matched.length,
        });
      }
    }
  }
  const policies = await listItems(client, `${ADMISSION}/validatingadmissionpolicies`);
  const bindings = await listItems(client, `${ADMISSION}/validatingadmissionpolicybindings`);
  if (typeof policies === 'string' || typeof bindings === 'string') {
    issues.push({ kind: 'unchecked', message: `ValidatingAdmissionPolicies not checked: ${typeof policies === 'string' ? policies : String(bindings)}`, objects: 0 });
    return issues;
  }
  const bound = new Set(bindings.map((binding) => asRecord(binding.spec)?.policyName));
  for (const policy of policies) {
    const name = asRecord(policy.metadata)?.name;
    if (!bound.has(name)) continue;
    const rules = asArray(asRecord(asRecord(policy.spec)?.matchConstraints)?.resourceRules);
    const matched = objects.filter((o) => rules.some((rule) => ruleMatches(asRecord(rule) ?? {}, o)));
    if (matched.length > 0) {
      issues.push({ kind: 'admission', message: `ValidatingAdmissionPolicy ${String(name)} judges ${summary(matched)} and may reject them`, objects: matched.length });
    }
  }
  return issues;
}

/** A rule of a webhook or policy covers creating or updating this object's type (selectors are not evaluated). */
function ruleMatches(rule: AdmissionRule, object: PlannedObject): boolean {
  const [group, version] = splitApiVersion(object.apiVersion);
  const has = (list: unknown, value: string) => asArray(list).some((entry) => entry === '*' || entry === value);
  const operations = asArray(rule.operations);
  return has(rule.apiGroups, group)
    && has(rule.apiVersions, version)
    && (has(rule.resources, object.resource) || asArray(rule.resources).includes('*/*'))
    && operations.some((op) => op === '*' || op === 'CREATE' || op === 'UPDATE');
}

function summary(objects: readonly PlannedObject[]): string {
  const types = [...groupBy(objects, (o) => (o.group ? `${o.resource}.${o.group}` : o.resource))].map(([type, list]) => `${type} (${list.length})`);
  return `${objects.length} restored object(s): ${types.slice(0, 8).join(', ')}${types.length > 8 ? ', ...' : ''}`;
}

function describe(object: Pick<PlannedObject, 'kind' | 'namespace' | 'name'>): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

export function isCrd(object: Pick<PlannedObject, 'group' | 'kind'>): boolean {
  return object.group === 'apiextensions.k8s.io' && object.kind === 'CustomResourceDefinition';
}

/** Items of a list, a reason when it could not be read, or none when the API is not served (an older cluster). */
async function listItems(client: ApiGetter, path: string): Promise<Array<Record<string, unknown>> | string> {
  try {
    return asArray(asRecord(await client.getJson(path))?.items).map((item) => asRecord(item) ?? {});
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    if (error instanceof ApiError) return error.message;
    throw error;
  }
}

async function listNames(client: ApiGetter, path: string): Promise<Set<string> | string> {
  const items = await listItems(client, path);
  return typeof items === 'string' ? items : new Set(items.map((item) => String(asRecord(item.metadata)?.name)));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
