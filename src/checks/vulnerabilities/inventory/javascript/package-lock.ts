import { baseName, insideNodeModules, isRecord, parseJson, ResultBuilder, stringField } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { isRegistryVersion, npmPackage, splitNameAt } from './npm-package.js';

const NODE_MODULES = 'node_modules/';

/** v2/v3: flat `packages` keyed by install path; the key after the last `node_modules/` is the name unless `name` says otherwise (aliases). */
function fromPackages(packages: Record<string, unknown>, file: string, builder: ResultBuilder): void {
  for (const [key, entry] of Object.entries(packages)) {
    // "" is the project itself; keys without node_modules are workspace sources, reached through link entries.
    if (key === '' || !key.includes(NODE_MODULES)) continue;
    if (!isRecord(entry)) {
      builder.error(`packages["${key}"] is not an object`);
      continue;
    }
    if (entry.link === true) continue;
    const name = stringField(entry, 'name') ?? key.slice(key.lastIndexOf(NODE_MODULES) + NODE_MODULES.length);
    const version = stringField(entry, 'version');
    if (!version) {
      builder.error(`packages["${key}"] has no version`);
      continue;
    }
    // A git or local checkout keeps its package.json version but is not the registry release of that version.
    if (!isRegistryVersion(version) || /^(?:git\+|file:)/.test(stringField(entry, 'resolved') ?? '')) continue;
    builder.add(npmPackage(name, version, file, entry.dev === true));
  }
}

/** v1: nested `dependencies` tree; an alias shows up as `"version": "npm:real-name@1.2.3"`. */
function fromDependencies(dependencies: Record<string, unknown>, file: string, builder: ResultBuilder): void {
  for (const [key, entry] of Object.entries(dependencies)) {
    if (!isRecord(entry)) {
      builder.error(`dependencies["${key}"] is not an object`);
      continue;
    }
    let name = key;
    let version = stringField(entry, 'version');
    if (version?.startsWith('npm:')) {
      const alias = splitNameAt(version.slice(4));
      if (alias) ({ name, rest: version } = alias);
    }
    if (!version) builder.error(`dependencies["${key}"] has no version`);
    else if (isRegistryVersion(version)) builder.add(npmPackage(name, version, file, entry.dev === true));
    if (isRecord(entry.dependencies)) fromDependencies(entry.dependencies, file, builder);
  }
}

export const packageLockExtractor: Extractor = {
  name: 'javascript/package-lock',
  matches(path) {
    const base = baseName(path);
    return (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') && !insideNodeModules(path);
  },
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const lock = parseJson(text, builder);
    if (lock === undefined) return builder.result();
    if (!isRecord(lock)) {
      builder.error('lockfile is not a JSON object');
    } else if (isRecord(lock.packages)) {
      fromPackages(lock.packages, path, builder);
    } else if (isRecord(lock.dependencies)) {
      fromDependencies(lock.dependencies, path, builder);
    } else if (lock.packages !== undefined || lock.dependencies !== undefined) {
      builder.error('"packages"/"dependencies" is not an object');
    } else if (lock.lockfileVersion === undefined) {
      // npm 5+ always writes lockfileVersion (and npm 2-4 shrinkwraps had dependencies): this is no lockfile.
      builder.error('no "lockfileVersion", "packages" or "dependencies": not an npm lockfile');
    }
    return builder.result();
  },
};
