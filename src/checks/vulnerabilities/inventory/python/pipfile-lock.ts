import { baseName, isRecord, parseJson, ResultBuilder, stringField } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { pythonPackage } from './python-package.js';

export const pipfileLockExtractor: Extractor = {
  name: 'python/pipfile-lock',
  matches: (path) => baseName(path) === 'Pipfile.lock',
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const lock = parseJson(text, builder);
    if (lock === undefined) return builder.result();
    if (!isRecord(lock)) {
      builder.error('Pipfile.lock is not a JSON object');
      return builder.result();
    }
    // Pipenv always writes `_meta` with the groups; none of them means this is not a Pipfile.lock.
    if (lock._meta === undefined && lock.default === undefined && lock.develop === undefined) builder.error('no "_meta", "default" or "develop": not a Pipfile.lock');
    // A package in both groups is installed in production too; `add` keeps the first (default) occurrence.
    for (const [section, dev] of [['default', false], ['develop', true]] as const) {
      const group = lock[section];
      if (group === undefined) continue;
      if (!isRecord(group)) {
        builder.error(`"${section}" is not an object`);
        continue;
      }
      for (const [name, entry] of Object.entries(group)) {
        const version = isRecord(entry) ? stringField(entry, 'version') : undefined;
        // Git, path and editable entries have no `version`: nothing PyPI advisories could describe.
        if (version === undefined) continue;
        if (!version.startsWith('==')) {
          builder.error(`${section}.${name}: version "${version}" is not an == pin`);
          continue;
        }
        builder.add(pythonPackage(name, version.replace(/^===?/, ''), path, dev));
      }
    }
    return builder.result();
  },
};
