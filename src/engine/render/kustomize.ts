import { join, resolve } from 'node:path';
import type { ScanError } from '../../core/finding.js';
import { parseYamlFile } from '../../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../../parsers/kubernetes/objects.js';
import { runTool } from './exec.js';
import { editableSource, originLocator } from './kustomize-origin.js';
import { findKustomizationFile, loadKustomizationTree } from './kustomize-tree.js';
import { renderFailure, wholeFile, type RenderOptions, type RenderResult, type RenderTarget } from './options.js';

const KUSTOMIZE: RenderTarget = {
  what: 'kustomization',
  short: 'kustomization',
  install: 'install kubectl 1.14 or later, which includes kustomize',
};

export async function renderKustomization(dir: string, options: RenderOptions): Promise<RenderResult> {
  const root = resolve(dir);
  const file = (await findKustomizationFile(root)) ?? join(root, 'kustomization.yaml');
  const display = options.display(file);
  const tree = await loadKustomizationTree(file, options.display);
  const consumed = tree ? [...tree.consumed] : [file];
  let output: string;
  try {
    output = await runTool({ tool: 'kubectl', binary: options.kubectlBinary, args: ['kustomize', root], timeoutMs: options.timeoutMs });
  } catch (error) {
    return { objects: [], errors: [renderFailure(KUSTOMIZE, display, error)], consumed };
  }
  const parsed = parseYamlFile(`${display} (rendered)`, output);
  const errors: ScanError[] = parsed.errors.map((error) => ({ file: display, message: `rendered output: ${error.message}` }));
  const objects = extractObjects(parsed).map((object): KubernetesObject => {
    const { editable: _rendered, ...rest } = object;
    const source = tree ? editableSource(tree, object) : undefined;
    return { ...rest, locate: tree ? originLocator(tree, object) : () => wholeFile(display), ...(source ? { editable: source } : {}) };
  });
  return { objects, errors, consumed };
}
