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
  /** Resident memory helm or kubectl may use before it is stopped. Default: DEFAULT_RENDER_MEMORY_BYTES. */
  memoryBytes?: number;
  /** Let kustomize fetch remote resources, bases and components; without it they are an error. Default: false. */
  allowRemote?: boolean;
  /** Aborting kills a running helm or kubectl (a scan's `--timeout`). */
  signal?: AbortSignal;
  /** How reports name files in findings (a relative path). */
  display(absPath: string): string;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 120_000;
/** helm and kubectl render ordinary charts and overlays in under 100 MiB; a template that doubles a string 29 times wants 16 GiB. */
export const DEFAULT_RENDER_MEMORY_BYTES = 1024 ** 3;

/** An unroutable proxy: nothing listens on the discard port, so every request through it fails at once. */
const NO_PROXY_URL = 'http://127.0.0.1:9';

/**
 * The environment of a render tool. Offline (no `--allow-remote`) it is kept off the network even where a remote
 * reference slipped past the check of the kustomization files: HTTP(S) goes to a proxy that refuses connections (Go
 * still connects to loopback addresses directly), and the git that kustomize runs for remote bases may use no
 * transport at all (an empty GIT_ALLOW_PROTOCOL outranks every `protocol.*.allow` setting).
 */
export function toolEnvironment(options: Pick<RenderOptions, 'allowRemote'>, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (options.allowRemote) return env;
  for (const name of ['NO_PROXY', 'no_proxy']) delete env[name];
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) env[name] = NO_PROXY_URL;
  return { ...env, GIT_ALLOW_PROTOCOL: '' };
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
