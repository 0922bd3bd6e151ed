import { baseName, ResultBuilder } from '../lines.js';
import { packageTables, tomlString } from '../toml-tables.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { pythonPackage } from './python-package.js';

export const poetryLockExtractor: Extractor = {
  name: 'python/poetry-lock',
  matches: (path) => baseName(path) === 'poetry.lock',
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    for (const { name, version, table } of packageTables(text, builder)) {
      // Poetry < 1.5 wrote `category = "dev"`; later lockfiles drop the field and group membership lives in pyproject.
      builder.add(pythonPackage(name, version, path, tomlString(table.values.get('category')) === 'dev'));
    }
    return builder.result();
  },
};
