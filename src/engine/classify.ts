import { basename } from 'node:path';

export type FileKind = 'dockerfile' | 'yaml' | 'json';

/** Directory markers that mean "render me first", not "scan my files one by one". */
export const CHART_MARKER = 'Chart.yaml';
export const KUSTOMIZATION_MARKERS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function classifyFile(path: string): FileKind | undefined {
  const name = basename(path);
  const lower = name.toLowerCase();
  if (isDockerfileName(name)) return 'dockerfile';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.') ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile')
  );
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
