import { baseName, ResultBuilder } from '../lines.js';
import { goModulePackage } from './go-package.js';
import type { BinaryInput, Extractor, ExtractResult } from '../../../../core/package.js';
import { executableFormat, readBuildInfo, type GoModule } from './buildinfo.js';

/** Larger files are not read: no real Go binary comes close, and the bytes are held in memory. */
export const MAX_GO_BINARY_SIZE = 512 * 1024 * 1024;

/** Directories images put executables in; `ko` builds land in /ko-app. */
const EXECUTABLE_DIR_SEGMENTS = new Set(['bin', 'sbin']);
const EXECUTABLE_ROOTS = new Set(['opt', 'app', 'ko-app']);

/** Files with these extensions are never executables, so they are not read at all. */
const NON_BINARY_EXTENSIONS = new Set(
  (
    'txt md rst html htm css js mjs cjs ts map json yaml yml toml xml ini cfg conf properties lock sum mod go py pyc rb pl pm ' +
    'php sh bash zsh fish ps1 bat cmd h c cc cpp java class jar war ear kt groovy gradle png jpg jpeg gif svg ico ttf woff woff2 ' +
    'pem crt key gz tgz bz2 xz zst zip tar 1 5 8 gpg asc sig log csv tsv sql db sqlite'
  ).split(' '),
);

function isExecutableCandidate(path: string): boolean {
  const segments = path.split('/');
  const name = segments[segments.length - 1]!;
  if (name === '') return false;
  const dot = name.lastIndexOf('.');
  if (dot > 0 && NON_BINARY_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())) return false;
  if (EXECUTABLE_ROOTS.has(segments[0]!)) return true;
  return segments.slice(0, -1).some((segment) => EXECUTABLE_DIR_SEGMENTS.has(segment));
}

/** OSV's Go records write versions without the leading `v`; the purl keeps Go's own spelling. */

/**
 * The semver OSV's `stdlib` records use: `go1.22.3` → `1.22.3`, `go1.20` → `1.20.0`, `go1.21rc2` → `1.21.0-rc.2`.
 * Undefined for development builds (`devel go1.23-…`), which match no release.
 */
export function goVersionToSemver(goVersion: string): string | undefined {
  const match = /^go(\d+)\.(\d+)(?:\.(\d+))?(?:(beta|rc)(\d+))?(?=$|[\s+-])/.exec(goVersion);
  if (!match) return undefined;
  const [, major, minor, patch, kind, number] = match;
  return `${major}.${minor}.${patch ?? '0'}${kind ? `-${kind}.${number}` : ''}`;
}

/** `(devel)` is the main module built from a checkout; local replacements carry no version at all. */
function hasReleaseVersion(module: GoModule): boolean {
  return module.version !== '' && module.version !== '(devel)';
}

export const goBinaryExtractor: Extractor = {
  name: 'go/binary',
  matches: (path) => isExecutableCandidate(path),
  extract({ path }): ExtractResult {
    return { packages: [], errors: [{ message: `${baseName(path)} is an executable; read it with extractBinary` }] };
  },
  extractBinary({ path: file, bytes }: BinaryInput): ExtractResult {
    const builder = new ResultBuilder();
    if (!executableFormat(bytes)) return builder.result();
    if (bytes.length > MAX_GO_BINARY_SIZE) {
      builder.skip(`executable of ${bytes.length} bytes is over the ${MAX_GO_BINARY_SIZE}-byte limit for Go binaries; not read`);
      return builder.result();
    }
    let info;
    try {
      info = readBuildInfo(bytes);
    } catch (err) {
      builder.error(`cannot read Go build info: ${(err as Error).message}`);
      return builder.result();
    }
    if (!info) return builder.result();

    if (info.main && hasReleaseVersion(info.main)) builder.add(goModulePackage(info.main.path, info.main.version, file));
    for (const dep of info.deps) {
      const module = dep.replace ?? dep;
      if (hasReleaseVersion(module)) builder.add(goModulePackage(module.path, module.version, file));
      else if (dep.replace) builder.skip(`${dep.path} is replaced by the local directory ${module.path}: no version to match`);
      else builder.skip(`${dep.path} has no release version (${dep.version || 'none'}): built from local source`);
    }
    const stdlib = goVersionToSemver(info.goVersion);
    if (stdlib) builder.add(goModulePackage('stdlib', `v${stdlib}`, file));
    else builder.skip(`Go toolchain version "${info.goVersion}" is not a release; the standard library is not matched`);
    for (const problem of info.problems) builder.error(`Go build info: ${problem}`);
    return builder.result();
  },
};
