import { baseName, isRecord, parseJson, ResultBuilder, stringField } from '../lines.js';
import { purl } from '../purl.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';

export const packagesLockExtractor: Extractor = {
  name: 'dotnet/packages-lock',
  matches: (path) => baseName(path) === 'packages.lock.json',
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const lock = parseJson(text, builder);
    if (lock === undefined) return builder.result();
    if (!isRecord(lock) || !isRecord(lock.dependencies)) {
      builder.error('packages.lock.json has no "dependencies" object');
      return builder.result();
    }
    // One block per target framework; the same package usually repeats across them.
    for (const [framework, packages] of Object.entries(lock.dependencies)) {
      if (!isRecord(packages)) {
        builder.error(`dependencies["${framework}"] is not an object`);
        continue;
      }
      for (const [name, entry] of Object.entries(packages)) {
        if (!isRecord(entry)) {
          builder.error(`${framework}/${name} is not an object`);
          continue;
        }
        // Project references are sibling projects in the same solution, not NuGet packages.
        if (entry.type === 'Project') continue;
        const version = stringField(entry, 'resolved');
        if (!version) {
          builder.error(`${framework}/${name} has no resolved version`);
          continue;
        }
        builder.add({ name, version, ecosystem: 'NuGet', purl: purl('nuget', undefined, name, version), file: path });
      }
    }
    return builder.result();
  },
};
