import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import type { RenderOptions } from '../sources/rendered/index.js';

export const RENDER_TESTDATA = fileURLToPath(new URL('../sources/rendered/testdata/', import.meta.url));

/**
 * The real helm binary: RAMPART_HELM, else the one `npm test` builds (scripts/install-helm.sh), else
 * `helm` on PATH. A missing helm fails the suite rather than skipping it, so chart rendering is never
 * silently untested.
 */
export function findHelm(): string {
  const candidates = [
    process.env.RAMPART_HELM,
    join(homedir(), '.cache/rampart-tools/helm-v3.21.4/helm'),
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'helm')),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('helm not found: set RAMPART_HELM=/path/to/helm (Helm 3) or put helm on PATH');
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
