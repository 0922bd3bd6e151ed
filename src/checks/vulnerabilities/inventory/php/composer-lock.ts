import { baseName, isRecord, parseJson, ResultBuilder, stringField } from '../lines.js';
import { slashPurl } from '../purl.js';
import type { Extractor, ExtractResult, Package, TextInput } from '../../../../core/package.js';

export const composerLockExtractor: Extractor = {
  name: 'php/composer-lock',
  matches: (path) => baseName(path) === 'composer.lock' && !path.split('/').includes('vendor'),
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const lock = parseJson(text, builder);
    if (lock === undefined) return builder.result();
    if (!isRecord(lock)) {
      builder.error('composer.lock is not a JSON object');
      return builder.result();
    }
    // Composer writes `packages` even when empty; without it this is not a composer.lock.
    if (!('packages' in lock)) builder.error('no "packages" list: not a composer.lock');
    for (const [section, dev] of [['packages', false], ['packages-dev', true]] as const) {
      const list = lock[section];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        builder.error(`"${section}" is not an array`);
        continue;
      }
      list.forEach((entry: unknown, index) => {
        const name = isRecord(entry) ? stringField(entry, 'name') : undefined;
        const raw = isRecord(entry) ? stringField(entry, 'version') : undefined;
        if (!name || !raw) {
          builder.error(`${section}[${index}] lacks name or version`);
          return;
        }
        // Tags are often `v1.2.3`; Packagist advisories (and composer's normalised versions) drop the `v`.
        const version = raw.replace(/^v(?=\d)/, '');
        const pkg: Package = { name, version, ecosystem: 'Packagist', purl: slashPurl('composer', name, version), file: path };
        if (dev) pkg.dev = true;
        builder.add(pkg);
      });
    }
    return builder.result();
  },
};
