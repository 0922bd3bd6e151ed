import type { Instruction } from '../../../parsers/dockerfile/model.js';

const ARCHIVE = /\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|txz|gz|bz2|xz|zst)$/i;
const REMOTE = /^(https?|ftp):\/\/|^git@|\.git(#.*)?$/i;

export type AddSourceKind = 'remote' | 'archive' | 'file';

/** Sources of an ADD/COPY (all words but the destination), heredoc names excluded. */
export function sourcesOf(instruction: Instruction): string[] {
  const heredocNames = new Set(instruction.heredocs.map((h) => h.name));
  return instruction.words.slice(0, -1).filter((w) => !/^<<-?/.test(w) || !heredocNames.has(w.replace(/^<<-?["']?|["']$/g, '')));
}

/** What ADD does with a source: download it, auto-extract it, or plainly copy it. */
export function addSourceKind(source: string): AddSourceKind {
  if (REMOTE.test(source)) return 'remote';
  return ARCHIVE.test(source) ? 'archive' : 'file';
}

/** Remote sources of an ADD that nothing verifies: no `--checksum`, and not a git source pinned to a full commit. */
export function unverifiedRemoteSources(add: Instruction): string[] {
  if (add.flags.some((f) => f.name === 'checksum')) return [];
  return sourcesOf(add).filter((s) => addSourceKind(s) === 'remote' && !/#[0-9a-f]{40}$/i.test(s));
}
