import { baseName, ResultBuilder } from '../lines.js';
import { readArrayTables, tomlString } from '../toml-tables.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { pythonPackage } from './python-package.js';

/** `source = { editable = "." }` and friends: the project itself or local code, not a PyPI release. */
const LOCAL_SOURCE = /^\{\s*(?:editable|virtual|directory|path)\s*=/;

export const uvLockExtractor: Extractor = {
  name: 'python/uv-lock',
  matches: (path) => baseName(path) === 'uv.lock',
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    for (const table of readArrayTables(text, 'package', builder)) {
      if (LOCAL_SOURCE.test(table.values.get('source') ?? '')) continue;
      const name = tomlString(table.values.get('name'));
      const version = tomlString(table.values.get('version'));
      if (!name || !version) {
        builder.error(`[[package]] without ${name ? 'version' : 'name'}`, table.line);
        continue;
      }
      builder.add(pythonPackage(name, version, path));
    }
    return builder.result();
  },
};
