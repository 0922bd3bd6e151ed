import type { ApiClient } from '../../../sources/cluster/client.js';
import { toYaml } from '../../../sources/cluster/convert.js';
import { asRecord } from '../../../parsers/kubernetes/values.js';
import { applyManifests, getObject, type AppliedObject, type ApplyOptions } from './apply.js';
import { createServingCertificate, isReusable, renewalBundle, type ServingCertificate } from './certificate.js';
import { INSTALL_NAME, renderInstallManifests, serviceDnsNames, type InstallOptions } from './manifests.js';

export type InstallRequest = Omit<InstallOptions, 'servingCertificate'>;

/**
 * The manifests with a serving certificate: the one already in the cluster while it is still good (so re-running
 * `install --apply` changes nothing), else a new one whose CA is trusted next to the old CA until the pods reload.
 */
export async function buildInstall(request: InstallRequest, existing?: Partial<ServingCertificate>, now = new Date()): Promise<Array<Record<string, unknown>>> {
  if (request.certificate === 'cert-manager') return renderInstallManifests(request);
  const names = serviceDnsNames(request.namespace);
  let servingCertificate: ServingCertificate;
  if (existing && isReusable(existing, names, now)) {
    servingCertificate = existing;
  } else {
    const fresh = await createServingCertificate({ dnsNames: names, now });
    servingCertificate = { ...fresh, ca: renewalBundle(fresh.ca, existing?.ca, now) };
  }
  return renderInstallManifests({ ...request, servingCertificate });
}

/** The serving certificate a previous install left in the cluster, if any. */
export async function readInstalledCertificate(client: ApiClient, namespace: string): Promise<Partial<ServingCertificate> | undefined> {
  const secret = await getObject(client, `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${INSTALL_NAME}-tls`);
  const data = asRecord(secret?.data);
  if (!data) return undefined;
  const text = (key: string) => (typeof data[key] === 'string' ? Buffer.from(data[key], 'base64').toString('utf8') : undefined);
  const [ca, cert, key] = [text('ca.crt'), text('tls.crt'), text('tls.key')];
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

export interface InstallApplyOptions extends ApplyOptions {
  /** How long the webhook pods may take to become available before the webhooks are registered. Default 5 minutes. */
  readyTimeoutMs?: number;
  pollMs?: number;
  /** Told once when the pods are not available yet. */
  onWaiting?: () => void;
}

/** The webhook pods did not become available: the webhook configurations were not applied, so nothing is enforced. */
export class WebhookNotReadyError extends Error {}

/**
 * `install --apply`: the manifests, built against what is installed, applied in order. The webhook configurations
 * come last, once a webhook pod is available: registered earlier, a `Fail` webhook would refuse every request it
 * matches until the first pod answers.
 */
export async function installAdmission(client: ApiClient, request: InstallRequest, options: InstallApplyOptions = {}): Promise<AppliedObject[]> {
  const existing = request.certificate === 'self-signed' ? await readInstalledCertificate(client, request.namespace) : undefined;
  const manifests = await buildInstall(request, existing);
  const isWebhook = (manifest: Record<string, unknown>) => String(manifest.kind).endsWith('WebhookConfiguration');
  const applied = await applyManifests(client, manifests.filter((m) => !isWebhook(m)), options);
  if (!options.dryRun) await waitAvailable(client, request.namespace, options);
  return [...applied, ...(await applyManifests(client, manifests.filter(isWebhook), options))];
}

async function waitAvailable(client: ApiClient, namespace: string, options: InstallApplyOptions): Promise<void> {
  const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments/${INSTALL_NAME}`;
  const timeoutMs = options.readyTimeoutMs ?? 5 * 60_000;
  const deadline = Date.now() + timeoutMs;
  for (let first = true; ; first = false) {
    const status = asRecord((await getObject(client, path))?.status);
    if (Number(status?.availableReplicas ?? 0) >= 1) return;
    if (Date.now() >= deadline) {
      throw new WebhookNotReadyError(`no pod of deployment ${namespace}/${INSTALL_NAME} became available within ${Math.round(timeoutMs / 1000)} s; the webhook configurations were not applied, so nothing is enforced yet (see kubectl -n ${namespace} describe deployment ${INSTALL_NAME}, then run install --apply again)`);
    }
    if (first) options.onWaiting?.();
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2_000));
  }
}

/** Multi-document YAML, one object per document, in apply order. */
export function manifestsYaml(manifests: Array<Record<string, unknown>>): string {
  return manifests.map((manifest) => toYaml(manifest)).join('---\n');
}
