import { basename } from 'node:path';

/** `packages`: a lockfile or dependency manifest, read for the inventory only; `other`: any other file, read for secrets only. */
export type FileKind = 'dockerfile' | 'yaml' | 'json' | 'packages' | 'other';

/** Directory markers that mean "render me first", not "scan my files one by one". */
export const CHART_MARKER = 'Chart.yaml';
export const KUSTOMIZATION_MARKERS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** `isPackageFile`: the lockfiles the caller inventories (the checks know them; a walk does not). */
export function classifyFile(path: string, isPackageFile: (path: string) => boolean = () => false): FileKind | undefined {
  const name = basename(path);
  const lower = name.toLowerCase();
  if (isDockerfileName(name)) return 'dockerfile';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  if (isPackageFile(path)) return 'packages';
  return undefined;
}


/** `Dockerfile.dev` is a Dockerfile; `dockerfile.ts`, code or documentation about Dockerfiles, is not. */
const NOT_DOCKERFILE_EXTENSIONS = new Set(['js', 'mjs', 'cjs', 'ts', 'mts', 'cts', 'jsx', 'tsx', 'py', 'go', 'rs', 'rb', 'java', 'kt', 'cs', 'sh', 'md', 'rst', 'txt', 'html', 'snap']);

function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'dockerfile' || lower === 'containerfile' || lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return true;
  if (!lower.startsWith('dockerfile.') && !lower.startsWith('containerfile.')) return false;
  return !NOT_DOCKERFILE_EXTENSIONS.has(lower.slice(lower.lastIndexOf('.') + 1));
}

/** Guesses what arrived on stdin: a Dockerfile starts with a directive, comment, ARG or FROM. */
export function sniffStdin(text: string): FileKind {
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    return /^(FROM|ARG)\s/i.test(trimmed) ? 'dockerfile' : 'yaml';
  }
  return 'yaml';
}
