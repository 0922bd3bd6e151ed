import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import type { RenderOptions } from '../sources/rendered/index.js';
import { findTestTool } from './tools.js';

export const RENDER_TESTDATA = fileURLToPath(new URL('../sources/rendered/testdata/', import.meta.url));

/** The real helm binary (Helm 3), built by scripts/install-helm.sh when `npm test` starts. */
export function findHelm(): string {
  return findTestTool({ name: 'helm', version: 'v3.21.4', envVar: 'RAMPART_HELM', script: 'scripts/install-helm.sh' });
}

export function renderOptions(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return {
    releaseName: 'release',
    valuesFiles: [],
    setValues: [],
    helmBinary: 'helm',
    kubectlBinary: 'kubectl',
    timeoutMs: 60_000,
    display: (path) => relative(RENDER_TESTDATA, path),
    ...overrides,
  };
}

export function byKind(objects: KubernetesObject[], kind: string): KubernetesObject {
  const found = objects.find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind} rendered`);
  return found;
}
