import { parse as parseYaml } from 'yaml';
import { baseName, hasContent, insideNodeModules, isRecord, ResultBuilder, splitLines, stringField } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { isRegistryVersion, npmPackage, splitNameAt } from './npm-package.js';

/** Protocols whose code does not come from the registry, so npm advisories do not describe it. */
const LOCAL_PROTOCOLS = /^(?:file|link|portal|workspace|exec):/;

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** `"string-width-cjs@npm:string-width@^4.2.0"` installs string-width: the alias target is the real package. */
function nameFromSpec(spec: string): { name: string; range: string } | undefined {
  const split = splitNameAt(spec);
  if (!split) return undefined;
  if (split.rest.startsWith('npm:')) {
    const target = splitNameAt(split.rest.slice(4));
    if (target) return { name: target.name, range: target.rest };
  }
  return { name: split.name, range: split.rest };
}

/** Yarn 1: its own indentation format. Headers list every range that resolved to the entry; `version` follows. */
function extractClassic(path: string, text: string, builder: ResultBuilder): void {
  let header: { name: string; range: string; line: number } | undefined;
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    if (raw === '' || raw.startsWith('#')) return;
    if (!raw.startsWith(' ')) {
      header = undefined;
      if (!raw.endsWith(':')) {
        builder.error(`malformed entry header: ${raw.slice(0, 80)}`, line);
        return;
      }
      const first = unquote(raw.slice(0, -1).split(',')[0]!.trim());
      const parsed = nameFromSpec(first);
      if (!parsed) builder.error(`cannot read package name from "${first}"`, line);
      else header = { ...parsed, line };
      return;
    }
    const match = /^ {2}version:? "?([^"\s]+)"?$/.exec(raw);
    if (!match || !header) return;
    if (!LOCAL_PROTOCOLS.test(header.range) && isRegistryVersion(match[1]!)) builder.add(npmPackage(header.name, match[1]!, path));
    header = undefined;
  });
}

/** Yarn 2+: YAML; `resolution: "name@npm:1.2.3"` names what was installed, `patch:` wraps an npm release. */
function extractBerry(path: string, text: string, builder: ResultBuilder): void {
  let doc: unknown;
  try {
    doc = parseYaml(text, { logLevel: 'error' });
  } catch (err) {
    builder.error(`invalid YAML: ${(err as Error).message}`);
    return;
  }
  if (!isRecord(doc)) {
    builder.error('lockfile is not a YAML mapping');
    return;
  }
  for (const [key, entry] of Object.entries(doc)) {
    if (key === '__metadata') continue;
    if (!isRecord(entry)) {
      builder.error(`entry "${key}" is not a mapping`);
      continue;
    }
    const resolution = stringField(entry, 'resolution');
    const version = stringField(entry, 'version') ?? (typeof entry.version === 'number' ? String(entry.version) : undefined);
    const split = resolution ? splitNameAt(resolution) : undefined;
    if (!split || !version) {
      builder.error(`entry "${key}" lacks resolution or version`);
      continue;
    }
    if (!split.rest.startsWith('npm:') && !split.rest.startsWith('patch:')) continue;
    if (isRegistryVersion(version)) builder.add(npmPackage(split.name, version, path));
  }
}

export const yarnLockExtractor: Extractor = {
  name: 'javascript/yarn-lock',
  matches: (path) => baseName(path) === 'yarn.lock' && !insideNodeModules(path),
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    // Yarn writes its header comment (classic) or `__metadata` (berry) even for a project without dependencies.
    if (!hasContent(text, builder)) return builder.result();
    if (/^__metadata:/m.test(text)) extractBerry(path, text, builder);
    else extractClassic(path, text, builder);
    return builder.result();
  },
};
