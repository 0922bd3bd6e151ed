import type { Input } from '../inputs.js';
import { ClusterClient, type ApiGetter } from './client.js';
import { cleanObject, clusterOrigin, liveObjectFile, toYaml } from './convert.js';
import { ClusterAccessError } from './errors.js';
import { loadKubeConfig, type KubeConfigSelection } from './kubeconfig.js';
import { progressLine } from './progress.js';
import { readCluster, type ClusterEvent, type ClusterSelection } from './read.js';

export interface ClusterOptions extends KubeConfigSelection, Omit<ClusterSelection, 'fallbackNamespace'> {
  /** Progress goes here (a terminal's stderr); absent for none. */
  progress?: (text: string) => void;
}

export interface ClusterConnection {
  client: ApiGetter;
  /** `cluster://<context>`: the prefix of every location and error of this cluster. */
  origin: string;
  fallbackNamespace?: string;
}

/** Throws ClusterAccessError when the kubeconfig cannot be used. */
export async function connectCluster(options: KubeConfigSelection): Promise<ClusterConnection> {
  const loaded = await loadKubeConfig(options);
  return {
    client: new ClusterClient(loaded.config, loaded.server),
    origin: clusterOrigin(loaded.contextName),
    ...(loaded.namespace ? { fallbackNamespace: loaded.namespace } : {}),
  };
}

/**
 * The cluster's objects as the pipeline's inputs, one YAML text per object: the rules, suppressions (the
 * `rampart.io/ignore` annotation, config exemptions) and positions work as for files, the location names the
 * object. Secret values are redacted before the text exists, so no rule and no output can see them.
 */
export async function* clusterInputs(options: ClusterOptions, connection?: ClusterConnection): AsyncGenerator<Input> {
  for await (const event of clusterEvents(options, connection)) {
    if (event.type === 'gap') yield { type: 'error', error: event.error };
    else yield { type: 'text', file: liveObjectFile(event.origin, event.object), text: toYaml(cleanObject(event.object.raw)), kind: 'yaml' };
  }
}

export type OriginEvent = ClusterEvent & { origin: string };

/** readCluster with the connection made, progress shown, and a cluster that cannot be used turned into one error. */
export async function* clusterEvents(options: ClusterOptions, given?: ClusterConnection): AsyncGenerator<OriginEvent> {
  let connection: ClusterConnection;
  try {
    connection = given ?? (await connectCluster(options));
  } catch (error) {
    if (!(error instanceof ClusterAccessError)) throw error;
    yield { type: 'gap', error: { file: 'cluster://', message: error.message }, origin: 'cluster://' };
    return;
  }
  const { origin } = connection;
  const progress = progressLine(options.progress);
  try {
    const selection: ClusterSelection = {
      namespaces: options.namespaces,
      excludeNamespaces: options.excludeNamespaces,
      ...(connection.fallbackNamespace ? { fallbackNamespace: connection.fallbackNamespace } : {}),
    };
    const read = readCluster(connection.client, origin, selection, ({ resource, objects }) => progress.update(`rampart: reading ${origin}: ${resource} (${objects} objects)`));
    for await (const event of read) yield { ...event, origin };
  } catch (error) {
    if (!(error instanceof ClusterAccessError)) throw error;
    yield { type: 'gap', error: { file: origin, message: error.message }, origin };
  } finally {
    progress.done();
  }
}
