import type { ScanError } from '../../core/finding.js';
import type { Located } from '../../parsers/kubernetes/documents.js';
import type { KubernetesObject } from '../../parsers/kubernetes/objects.js';
import { MissingToolError } from './exec.js';

export interface RenderOptions {
  releaseName: string;
  /** Passed to `helm --namespace`; also what objects without a namespace will land in. */
  namespace?: string;
  /** Extra `-f` files for helm. */
  valuesFiles: string[];
  /** `--set k=v` for helm. */
  setValues: string[];
  helmBinary: string;
  kubectlBinary: string;
  timeoutMs: number;
  /** How the engine names files in findings (a relative path). */
  display(absPath: string): string;
}

export interface RenderResult {
  /** Objects whose `locate()` points at the source files (templates, values, bases, patches). */
  objects: KubernetesObject[];
  errors: ScanError[];
  /** Absolute paths of the files the rendering consumed, so the walker does not scan them again as plain YAML. */
  consumed: string[];
}

export interface RenderTarget {
  /** `Helm chart`, `kustomization`. */
  what: string;
  /** `chart`, `kustomization`. */
  short: string;
  /** How to get the tool when it is missing. */
  install: string;
}

/** A failed rendering is a scan error on the chart/kustomization file: the input was not scanned, never silently. */
export function renderFailure(target: RenderTarget, file: string, error: unknown, line = 1): ScanError {
  if (error instanceof MissingToolError) {
    return { file, line, message: `cannot render ${target.what}: ${error.message} (${target.install}); the ${target.short} was not scanned` };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { file, line, message: `cannot render ${target.what} (the ${target.short} was not scanned): ${reason}` };
}

/** Where findings go when no better line is known: the top of the file that produced the object. */
export function wholeFile(file: string): Located {
  return { location: { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }, exact: false };
}
