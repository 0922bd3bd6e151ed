import { resolve } from 'node:path';
import { STDIN_PATH, type InputOptions } from '../engine/inputs.js';
import { CLUSTER_OPTIONS, type OptionSpec } from './options.js';
import { clusterSource, type CliEnvironment, type CliValues } from './resolve-options.js';

/**
 * Input flags of the analysis commands (rbac, netpol), whose positionals are query words: the
 * manifests come from `-f` like kubectl's, and default to the current directory.
 */
export const INPUT_OPTIONS: OptionSpec[] = [
  { name: 'filename', short: 'f', type: 'string', multiple: true, value: 'PATH', description: 'Manifests, chart or kustomization directories, or a cluster dump to analyse; `-` reads stdin. Repeatable. Default: `.`.' },
  { name: 'exclude', type: 'string', multiple: true, value: 'GLOB', description: 'Skip paths matching the glob (in addition to .gitignore). Repeatable.' },
  { name: 'release-name', type: 'string', value: 'NAME', description: 'Release name for rendering Helm charts. Default: release.' },
  { name: 'values', type: 'string', multiple: true, value: 'FILE', description: 'Extra Helm values file. Repeatable.' },
  { name: 'set', type: 'string', multiple: true, value: 'KEY=VALUE', description: 'Helm --set value. Repeatable.' },
  { name: 'helm', type: 'string', value: 'PATH', description: 'Helm binary. Default: $RAMPART_HELM or helm on PATH.' },
  { name: 'kubectl', type: 'string', value: 'PATH', description: 'kubectl binary for kustomize. Default: $RAMPART_KUBECTL or kubectl on PATH.' },
  { name: 'cluster', type: 'boolean', description: 'Analyse the live cluster of the current kubeconfig context instead of files.' },
  ...CLUSTER_OPTIONS,
];

export async function resolveInputOptions(values: CliValues, environment: CliEnvironment): Promise<InputOptions> {
  const list = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value : [];
  };
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const cluster = values.cluster === true ? clusterSource(values, list('filename'), environment) : undefined;
  const paths = cluster ? [] : list('filename').length > 0 ? list('filename') : ['.'];
  return {
    paths,
    ...(cluster ? { source: cluster } : {}),
    ...(paths.includes(STDIN_PATH) ? { stdinText: await environment.readStdin() } : {}),
    cwd: environment.cwd,
    exclude: list('exclude'),
    render: {
      releaseName: str('release-name') ?? 'release',
      valuesFiles: list('values').map((v) => resolve(environment.cwd, v)),
      setValues: list('set'),
      helmBinary: str('helm') ?? environment.env.RAMPART_HELM ?? 'helm',
      kubectlBinary: str('kubectl') ?? environment.env.RAMPART_KUBECTL ?? 'kubectl',
      timeoutMs: 120_000,
    },
  };
}
