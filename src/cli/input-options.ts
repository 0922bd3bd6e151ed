import { STDIN_PATH, type InputOptions } from '../sources/inputs.js';
import { CLUSTER_OPTIONS, RENDER_OPTIONS, type OptionSpec } from './options.js';
import { clusterSource, requireExistingPaths, resolveRenderOptions, type CliEnvironment, type CliValues } from './resolve-options.js';

/**
 * Input flags of the analysis commands (rbac, netpol). Their inputs are positional paths after the
 * query words, like `scan`'s; `-f` is kept as kubectl's spelling of the same thing. Default: `.`.
 */
export const INPUT_OPTIONS: OptionSpec[] = [
  { name: 'filename', short: 'f', type: 'string', multiple: true, value: 'PATH', description: 'Also an input path (kubectl\'s spelling of a positional PATH): manifests, a chart or kustomization directory, or a cluster dump; `-` reads stdin. Repeatable.' },
  { name: 'exclude', type: 'string', multiple: true, value: 'GLOB', description: 'Skip paths matching the glob (in addition to .gitignore). Repeatable.' },
  ...RENDER_OPTIONS,
  { name: 'cluster', type: 'boolean', description: 'Analyse the live cluster of the current kubeconfig context instead of files.' },
  ...CLUSTER_OPTIONS,
];

/** `paths`: the command's positional paths; `-f` values join them. */
export async function resolveInputOptions(values: CliValues, environment: CliEnvironment, paths: readonly string[] = []): Promise<InputOptions> {
  const list = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value : [];
  };
  const given = [...paths, ...list('filename')];
  const cluster = values.cluster === true ? clusterSource(values, given, environment) : undefined;
  const inputs = cluster ? [] : given.length > 0 ? given : ['.'];
  requireExistingPaths(inputs, environment.cwd);
  return {
    paths: inputs,
    ...(cluster ? { source: cluster } : {}),
    ...(inputs.includes(STDIN_PATH) ? { stdinText: await environment.readStdin() } : {}),
    cwd: environment.cwd,
    exclude: list('exclude'),
    render: resolveRenderOptions(values, environment),
  };
}
