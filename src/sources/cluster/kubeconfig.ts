import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterAccessError } from './errors.js';

export interface KubeConfigSelection {
  /** `--kubeconfig`; else $KUBECONFIG (a path list, merged as kubectl does), ~/.kube/config, then the pod's service account. */
  kubeconfig?: string;
  /** `--context`; else the file's current context. */
  context?: string;
  env: NodeJS.ProcessEnv;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export interface LoadedKubeConfig {
  config: KubeConfig;
  /** Names the cluster in finding locations: the context, or `in-cluster`. */
  contextName: string;
  server: string;
  /** The context's default namespace, or the pod's own: tried when namespaces cannot be listed. */
  namespace?: string;
}

/**
 * kubectl's loading rules, read from the given environment rather than the process's so tests stay hermetic.
 * client-node is loaded here, on first use: it is close to 2,000 modules, and a CLI start that loads it for every
 * command (most never reach a cluster) took seconds instead of a fraction of one.
 */
export async function loadKubeConfig(selection: KubeConfigSelection): Promise<LoadedKubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  const files = selection.kubeconfig ? [selection.kubeconfig] : (selection.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const home = selection.env.HOME || homedir();
  const defaultFile = join(home, '.kube', 'config');
  try {
    if (files.length > 0) {
      config.loadFromFile(files[0]!);
      for (const file of files.slice(1)) {
        if (!existsSync(file)) continue;
        const more = new KubeConfig();
        more.loadFromFile(file);
        config.mergeConfig(more, true);
      }
    } else if (existsSync(defaultFile)) {
      config.loadFromFile(defaultFile);
    } else if (selection.env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
      config.loadFromCluster();
    } else {
      throw new ClusterAccessError('no kubeconfig: set --kubeconfig or $KUBECONFIG, create ~/.kube/config, or run inside a pod');
    }
  } catch (error) {
    if (error instanceof ClusterAccessError) throw error;
    throw new ClusterAccessError(`cannot read kubeconfig ${files[0] ?? defaultFile}: ${(error as Error).message}`);
  }
  if (selection.context) {
    if (!config.getContextObject(selection.context)) throw new ClusterAccessError(`context "${selection.context}" is not in the kubeconfig`);
    config.setCurrentContext(selection.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster?.server) throw new ClusterAccessError(`kubeconfig context "${config.getCurrentContext() || '(none)'}" names no cluster server`);
  const contextName = config.getCurrentContext() === 'inClusterContext' ? 'in-cluster' : config.getCurrentContext();
  const namespace = config.getContextObject(config.getCurrentContext())?.namespace ?? podNamespace();
  return { config, contextName: contextName || 'default', server: cluster.server.replace(/\/+$/, ''), ...(namespace ? { namespace } : {}) };
}

function podNamespace(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
