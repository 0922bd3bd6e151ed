import { resolve } from 'node:path';
import { STDIN_PATH, type InputOptions } from '../engine/inputs.js';
import { CLUSTER_OPTIONS, RENDER_LIMIT_OPTIONS, type OptionSpec } from './options.js';
import { clusterSource, resolveRenderLimits, type CliEnvironment, type CliValues } from './resolve-options.js';

/**
 * Input flags of the analysis commands (rbac, netpol). Their inputs are positional paths after the
 * query words, like `scan`'s; `-f` is kept as kubectl's spelling of the same thing. Default: `.`.
 */
export const INPUT_OPTIONS: OptionSpec[] = [
  { name: 'filename', short: 'f', type: 'string', multiple: true, value: 'PATH', description: 'Also an input path (kubectl\'s spelling of a positional PATH): manifests, a chart or kustomization directory, or a cluster dump; `-` reads stdin. Repeatable.' },
  { name: 'exclude', type: 'string', multiple: true, value: 'GLOB', description: 'Skip paths matching the glob (in addition to .gitignore). Repeatable.' },
  { name: 'release-name', type: 'string', value: 'NAME', description: 'Release name for rendering Helm charts. Default: release.' },
  { name: 'values', type: 'string', multiple: true, value: 'FILE', description: 'Extra Helm values file. Repeatable.' },
  { name: 'set', type: 'string', multiple: true, value: 'KEY=VALUE', description: 'Helm --set value. Repeatable.' },
  { name: 'helm', type: 'string', value: 'PATH', description: 'Helm binary. Default: $RAMPART_HELM or helm on PATH.' },
  { name: 'kubectl', type: 'string', value: 'PATH', description: 'kubectl binary for kustomize. Default: $RAMPART_KUBECTL or kubectl on PATH.' },
  ...RENDER_LIMIT_OPTIONS,
  { name: 'cluster', type: 'boolean', description: 'Analyse the live cluster of the current kubeconfig context instead of files.' },
  ...CLUSTER_OPTIONS,
];

/** `paths`: the command's positional paths; `-f` values join them. */
export async function resolveInputOptions(values: CliValues, environment: CliEnvironment, paths: readonly string[] = []): Promise<InputOptions> {
  const list = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value : [];
  };
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const given = [...paths, ...list('filename')];
  const cluster = values.cluster === true ? clusterSource(values, given, environment) : undefined;
  const inputs = cluster ? [] : given.length > 0 ? given : ['.'];
  return {
    paths: inputs,
    ...(cluster ? { source: cluster } : {}),
    ...(inputs.includes(STDIN_PATH) ? { stdinText: await environment.readStdin() } : {}),
    cwd: environment.cwd,
    exclude: list('exclude'),
    render: {
      releaseName: str('release-name') ?? 'release',
      valuesFiles: list('values').map((v) => resolve(environment.cwd, v)),
      setValues: list('set'),
      helmBinary: str('helm') ?? environment.env.RAMPART_HELM ?? 'helm',
      kubectlBinary: str('kubectl') ?? environment.env.RAMPART_KUBECTL ?? 'kubectl',
      ...resolveRenderLimits(values),
    },
  };
}
