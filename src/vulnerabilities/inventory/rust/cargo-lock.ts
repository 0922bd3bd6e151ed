import { baseName, ResultBuilder } from '../lines.js';
import { purl } from '../purl.js';
import { readArrayTables, tomlString } from '../toml-tables.js';
import type { Extractor, ExtractResult, TextInput } from '../types.js';

const CRATES_IO = new Set(['registry+https://github.com/rust-lang/crates.io-index', 'sparse+https://index.crates.io/']);

export const cargoLockExtractor: Extractor = {
  name: 'rust/cargo-lock',
  matches: (path) => baseName(path) === 'Cargo.lock',
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    for (const table of readArrayTables(text, 'package', builder)) {
      const name = tomlString(table.values.get('name'));
      const version = tomlString(table.values.get('version'));
      if (!name || !version) {
        builder.error(`[[package]] without ${name ? 'version' : 'name'}`, table.line);
        continue;
      }
      // Workspace members have no `source`; git sources and other registries are not crates.io releases.
      if (!CRATES_IO.has(tomlString(table.values.get('source')) ?? '')) continue;
      builder.add({ name, version, ecosystem: 'crates.io', purl: purl('cargo', undefined, name, version), file: path });
    }
    return builder.result();
  },
};
