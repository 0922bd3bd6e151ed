import { join, resolve } from 'node:path';
import type { ScanError } from '../../core/finding.js';
import { locate, parseYamlFile } from '../../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../../parsers/kubernetes/objects.js';
import { asString } from '../../parsers/kubernetes/values.js';
import { runTool } from './exec.js';
import { editableSource, originLocator } from './kustomize-origin.js';
import { findKustomizationFile, loadKustomizationTree, type KustomizationTree } from './kustomize-tree.js';
import {
  DEFAULT_RENDER_MEMORY_BYTES,
  renderFailure,
  toolEnvironment,
  wholeFile,
  type RenderOptions,
  type RenderResult,
  type RenderTarget,
} from './options.js';

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
  if (tree && asString(tree.root.config.kind) === 'Component') return componentAlone(tree);
  const consumed = tree ? [...tree.consumed] : [file];
  if (tree && tree.remote.length > 0 && !options.allowRemote) return { objects: [], errors: remoteErrors(tree, options), consumed };
  let output: string;
  try {
    output = await runTool({
      tool: 'kubectl',
      binary: options.kubectlBinary,
      args: ['kustomize', root],
      timeoutMs: options.timeoutMs,
      memoryBytes: options.memoryBytes ?? DEFAULT_RENDER_MEMORY_BYTES,
      env: toolEnvironment(options),
      ...(options.signal ? { signal: options.signal } : {}),
    });
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

/**
 * A Component is no render target: kustomize applies it only inside the kustomizations that list it under
 * `components:`, and those renderings consume its files. Alone, its patches and generator inputs are not manifests
 * and are left out; the resources it adds stay plain manifests, so a component no kustomization includes is still
 * scanned for them.
 */
function componentAlone(tree: KustomizationTree): RenderResult {
  return { objects: [], errors: [], consumed: [...tree.consumed].filter((file) => !tree.manifests.has(file)) };
}

/** One error per remote reference, at its line: the kustomization was not rendered, so nothing was fetched. */
function remoteErrors(tree: KustomizationTree, options: RenderOptions): ScanError[] {
  return tree.remote.map(({ level, entryPath, reference }) =>
    renderFailure(
      KUSTOMIZE,
      options.display(level.file),
      new Error(`it references the remote ${JSON.stringify(reference)}, which is fetched only with --allow-remote`),
      locate(level.document, entryPath).location.startLine,
    ),
  );
}
