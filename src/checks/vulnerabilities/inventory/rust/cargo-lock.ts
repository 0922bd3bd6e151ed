import { baseName, ResultBuilder } from '../lines.js';
import { purl } from '../purl.js';
import { packageTables, tomlString } from '../toml-tables.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';

const CRATES_IO = new Set(['registry+https://github.com/rust-lang/crates.io-index', 'sparse+https://index.crates.io/']);

export const cargoLockExtractor: Extractor = {
  name: 'rust/cargo-lock',
  matches: (path) => baseName(path) === 'Cargo.lock',
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    for (const { name, version, table } of packageTables(text, builder)) {
      // Workspace members have no `source`; git sources and other registries are not crates.io releases.
      if (!CRATES_IO.has(tomlString(table.values.get('source')) ?? '')) continue;
      builder.add({ name, version, ecosystem: 'crates.io', purl: purl('cargo', undefined, name, version), file: path });
    }
    return builder.result();
  },
};
