import { parse as parseYaml } from 'yaml';
import { baseName, insideNodeModules, isRecord, ResultBuilder, stringField } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { isRegistryVersion, npmPackage, splitNameAt } from './npm-package.js';

/**
 * Package keys across lockfile versions:
 * v5 `/@scope/name/1.2.3_peer@1.0.0`, v6 `/@scope/name@1.2.3(peer@1.0.0)`, v9 `@scope/name@1.2.3(peer@1.0.0)`.
 */
export function parsePnpmKey(key: string): { name: string; version: string } | undefined {
  const bare = (key.startsWith('/') ? key.slice(1) : key).replace(/\(.*$/, '');
  const split = splitNameAt(bare);
  // A valid name has one `/` when scoped and none otherwise; more means a v5 key whose `@` belongs to a peer suffix.
  if (split && split.name.split('/').length === (split.name.startsWith('@') ? 2 : 1)) {
    return { name: split.name, version: split.rest };
  }
  const slash = bare.lastIndexOf('/');
  if (slash <= 0) return undefined;
  return { name: bare.slice(0, slash), version: bare.slice(slash + 1).replace(/_.*$/, '') };
}

export const pnpmLockExtractor: Extractor = {
  name: 'javascript/pnpm-lock',
  matches: (path) => baseName(path) === 'pnpm-lock.yaml' && !insideNodeModules(path),
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    let doc: unknown;
    try {
      doc = parseYaml(text, { logLevel: 'error' });
    } catch (err) {
      builder.error(`invalid YAML: ${(err as Error).message}`);
      return builder.result();
    }
    if (!isRecord(doc)) {
      builder.error('lockfile is not a YAML mapping');
      return builder.result();
    }
    // Every pnpm version writes it first, even for a project without dependencies.
    if (doc.lockfileVersion === undefined) builder.error('no lockfileVersion: not a pnpm lockfile');
    if (doc.packages === undefined) return builder.result();
    if (!isRecord(doc.packages)) {
      builder.error('"packages" is not a mapping');
      return builder.result();
    }
    for (const [key, entry] of Object.entries(doc.packages)) {
      const details = isRecord(entry) ? entry : {};
      const parsed = parsePnpmKey(key);
      // Tarball and git entries carry their real name and version in the entry instead of the key.
      const name = stringField(details, 'name') ?? parsed?.name;
      const version = stringField(details, 'version') ?? parsed?.version;
      if (!name || !version) {
        builder.error(`cannot read name and version from package key "${key}"`);
        continue;
      }
      // Only v5/v6 mark dev packages here; v9 moved the flag out, so there it stays unknown.
      if (isRegistryVersion(version)) builder.add(npmPackage(name, version, path, details.dev === true));
    }
    return builder.result();
  },
};
