import { ResultBuilder, splitLines } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { pythonPackage } from './python-package.js';

/** Installed distributions: wheel installs write `*.dist-info/METADATA`, setuptools eggs `*.egg-info/PKG-INFO`. */
const METADATA = /(?:^|\/)[^/]+\.(?:dist-info\/METADATA|egg-info\/PKG-INFO)$/;

export const distInfoExtractor: Extractor = {
  name: 'python/dist-info',
  installedOnly: true,
  matches: (path) => METADATA.test(path),
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const headers = new Map<string, string>();
    // Core metadata is an RFC 822 header block; the body after the first blank line is the long description.
    for (const raw of splitLines(text)) {
      if (raw.trim() === '') break;
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (match && !headers.has(match[1]!.toLowerCase())) headers.set(match[1]!.toLowerCase(), match[2]!.trim());
    }
    const name = headers.get('name');
    const version = headers.get('version');
    if (!name || !version) builder.error(`metadata lacks ${name ? 'Version' : 'Name'}`);
    else builder.add(pythonPackage(name, version, path));
    return builder.result();
  },
};
