import { ClusterClient } from '../../../sources/cluster/client.js';
import { loadKubeConfig, type KubeConfigSelection } from '../../../sources/cluster/kubeconfig.js';

/** A client that can write, with kubectl's kubeconfig loading rules; throws ClusterAccessError when unusable. */
export async function connectWriter(selection: KubeConfigSelection): Promise<ClusterClient> {
  const loaded = await loadKubeConfig(selection);
  return new ClusterClient(loaded.config, loaded.server);
}
