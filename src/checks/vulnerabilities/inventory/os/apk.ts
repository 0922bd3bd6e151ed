import { readStanzas, ResultBuilder } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { osPackage } from './os-package.js';

export const apkExtractor: Extractor = {
  name: 'os/apk',
  matches: (path) => path === 'lib/apk/db/installed',
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    for (const stanza of readStanzas(text, builder, false)) {
      const name = stanza.fields.get('P');
      const version = stanza.fields.get('V');
      if (!name || !version) {
        builder.error(`package entry without ${name ? 'V:' : 'P:'}`, stanza.line);
        continue;
      }
      const arch = stanza.fields.get('A');
      // Alpine advisories (secdb) are keyed by origin, the aport that built the subpackage; same version as the binary.
      builder.add(
        osPackage('apk', {
          name,
          version,
          file: path,
          sourceName: stanza.fields.get('o') || name,
          sourceVersion: version,
          ...(arch ? { arch } : {}),
        }),
      );
    }
    return builder.result();
  },
};
