import type { AdmissionConfig } from '../../../config/admission.js';
import type { ScanError } from '../../../core/finding.js';
import { asRecord } from '../../../parsers/kubernetes/values.js';
import type { Evaluate } from '../../../pipeline/evaluate.js';
import type { ApiClient } from '../../../sources/cluster/client.js';
import { cleanObject } from '../../../sources/cluster/convert.js';
import { qualifiedResource, type ResourceType } from '../../../sources/cluster/discovery.js';
import { ApiError } from '../../../sources/cluster/errors.js';
import { listObjects, listPath } from '../../../sources/cluster/list.js';
import { isTemplateCopy } from '../../../sources/cluster/read.js';
import { FIELD_MANAGER } from '../install/apply.js';
import { EVALUATED_RESOURCES } from '../install/resources.js';
import type { Labels } from '../namespaces.js';
import { ALWAYS_EXEMPT_NAMESPACES, modesFor, reaches } from '../policy.js';
import { auditFinding, buildPolicyReports, REPORT_NAME, type AuditEntry, type AuditedObject, type PolicyReportObject } from './policy-report.js';

export interface AuditOptions {
  /** Reads the objects; with `writeReports`, also writes the reports (server-side apply). */
  client: ApiClient;
  /** `createEvaluator` with the `rampart.yaml` rules, severities and exemptions, as `rampart scan` resolves them. */
  evaluate: Evaluate;
  /** Per-namespace thresholds (`rampart.io/<mode>` labels, else `defaults`) and exempt namespaces. */
  admission: AdmissionConfig;
  /** Only these namespaces, and no cluster-scoped objects. Default: the whole cluster. */
  namespaces?: readonly string[];
  /** Namespaces left out, beyond those admission never judges (`kube-system`, `admission.exemptions.namespaces`). */
  excludeNamespaces?: readonly string[];
  writeReports: boolean;
  now?: () => Date;
  /** Stops between objects; the reports are then not written. */
  signal?: AbortSignal;
}

export interface AuditResult {
  /** Objects evaluated. */
  objects: number;
  /** Every finding at or above a namespace's lowest active threshold, with the outcome admission would give it. */
  entries: AuditEntry[];
  /** The reports built (written too when `writeReports`). */
  reports: PolicyReportObject[];
  /** Reports written. */
  written: number;
  /** What could not be read or written: lists refused, objects the rules failed on. The audit goes on past them. */
  errors: ScanError[];
}

const ORIGIN = 'audit';

/**
 * The background audit: lists the objects the webhook judges, evaluates each with the scan's rules exactly as admission
 * would (the namespace's Pod Security and `rampart.io/*` labels included), and writes one PolicyReport per namespace
 * and one ClusterPolicyReport, so violations that predate the webhook are visible without blocking anything.
 * `rampart admission audit` runs it once; a long-running process (the webhook server) can run it on a schedule.
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const now = options.now?.() ?? new Date();
  // What admission never judges is not reported either; Rampart's own namespace is silenced by its rampart.io labels.
  const excluded = new Set([...ALWAYS_EXEMPT_NAMESPACES, ...(options.excludeNamespaces ?? []), ...options.admission.exemptions.namespaces]);
  const only = options.namespaces && options.namespaces.length > 0 ? options.namespaces.filter((ns) => !excluded.has(ns)) : undefined;
  const errors: ScanError[] = [];
  const entries: AuditEntry[] = [];
  let objects = 0;

  const namespaces = await readNamespaces(options.client, only, excluded, errors);
  const namespaceLabels = new Map(namespaces.map((raw) => [nameOf(raw), labelsOf(raw)]));
  for (const type of EVALUATED_RESOURCES) {
    // Cluster-scoped objects belong to a whole-cluster audit only.
    if (!type.namespaced && only) continue;
    if (type === NAMESPACES) {
      // Read already, for their labels.
      objects += namespaces.length;
      for (const raw of namespaces) entries.push(...judge(options, type, raw, undefined, errors));
      continue;
    }
    for await (const raw of listAll(options.client, type, only, errors)) {
      options.signal?.throwIfAborted();
      const metadata = asRecord(raw.metadata) ?? {};
      const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
      if ((namespace && !namespaceLabels.has(namespace)) || isTemplateCopy(raw)) continue;
      objects++;
      entries.push(...judge(options, type, raw, namespace ? namespaceLabels.get(namespace) : undefined, errors));
    }
  }

  const reports = buildPolicyReports(entries, namespaceLabels.keys(), !only, now);
  let written = 0;
  if (options.writeReports) {
    options.signal?.throwIfAborted();
    for (const report of reports) {
      try {
        await writeReport(options.client, report);
        written++;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        errors.push({ file: ORIGIN, message: `cannot write ${report.kind} ${report.metadata.namespace ? `${report.metadata.namespace}/` : ''}${REPORT_NAME}: ${error.message}` });
      }
    }
  }
  return { objects, entries, reports, written, errors };
}

function judge(options: AuditOptions, type: ResourceType, raw: Record<string, unknown>, labels: Labels | undefined, errors: ScanError[]): AuditEntry[] {
  const metadata = asRecord(raw.metadata) ?? {};
  const object: AuditedObject = {
    apiVersion: type.apiVersion,
    kind: type.kind,
    name: String(metadata.name ?? '?'),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    ...(typeof metadata.uid === 'string' ? { uid: metadata.uid } : {}),
  };
  // Judged as `scan --cluster` judges it: without status and server bookkeeping.
  const evaluation = options.evaluate(cleanObject(raw), {
    operation: 'CREATE',
    ...(object.namespace ? { namespace: object.namespace } : {}),
    ...(labels ? { namespaceLabels: labels } : {}),
  });
  errors.push(...evaluation.errors);
  const { modes } = modesFor(labels, options.admission.defaults);
  const entries: AuditEntry[] = [];
  for (const finding of evaluation.findings) {
    const { severity } = finding;
    if (!reaches(severity, modes.enforce) && !reaches(severity, modes.warn) && !reaches(severity, modes.audit)) continue;
    const result = finding.suppressed ? 'skip' : reaches(severity, modes.enforce) ? 'fail' : 'warn';
    entries.push({ object, finding: auditFinding(finding), result });
  }
  return entries;
}

const NAMESPACES = EVALUATED_RESOURCES.find((type) => type.resource === 'namespaces')!;

const nameOf = (raw: Record<string, unknown>): string => String(asRecord(raw.metadata)?.name);
const labelsOf = (raw: Record<string, unknown>): Labels =>
  Object.fromEntries(Object.entries(asRecord(asRecord(raw.metadata)?.labels) ?? {}).map(([key, value]) => [key, String(value)]));

/** The namespaces to audit, the exempt ones left out: their labels steer Pod Security levels and modes. */
async function readNamespaces(client: ApiClient, only: readonly string[] | undefined, excluded: ReadonlySet<string>, errors: ScanError[]): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  if (!only) {
    for await (const raw of listAll(client, NAMESPACES, undefined, errors)) found.push(raw);
  } else {
    for (const name of only) {
      try {
        const raw = asRecord(await client.getJson(`${listPath(NAMESPACES)}/${encodeURIComponent(name)}`));
        if (raw) found.push({ apiVersion: NAMESPACES.apiVersion, kind: NAMESPACES.kind, ...raw });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        errors.push({ file: ORIGIN, message: `cannot read namespace ${name}: ${error.message}` });
      }
    }
  }
  return found.filter((raw) => !excluded.has(nameOf(raw)));
}

/** Every object of a type, page by page; a list refused or broken off becomes an error and the audit goes on. */
async function* listAll(client: ApiClient, type: ResourceType, only: readonly string[] | undefined, errors: ScanError[]): AsyncGenerator<Record<string, unknown>> {
  const scopes = type.namespaced && only ? only.map((namespace) => ({ namespace })) : [{}];
  for (const scope of scopes) {
    try {
      for await (const page of listObjects(client, type, scope)) yield* page;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const where = 'namespace' in scope ? ` in namespace ${scope.namespace}` : '';
      errors.push({ file: ORIGIN, message: `cannot list ${qualifiedResource(type)}${where}: ${error.message}`, level: error.status === 403 ? 'warning' : 'error' });
    }
  }
}

async function writeReport(client: ApiClient, report: PolicyReportObject): Promise<void> {
  const plural = report.kind === 'PolicyReport' ? 'policyreports' : 'clusterpolicyreports';
  const namespace = report.metadata.namespace ? `/namespaces/${encodeURIComponent(report.metadata.namespace)}` : '';
  await client.requestJson({
    method: 'PATCH',
    path: `/apis/${report.apiVersion}${namespace}/${plural}/${REPORT_NAME}`,
    // Forced: the results list is Rampart's alone, and is replaced whole on every run.
    query: { fieldManager: FIELD_MANAGER, force: 'true' },
    body: JSON.stringify(report),
    contentType: 'application/apply-patch+yaml',
  });
}
