import { baseName, readStanzas, ResultBuilder } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { osPackage } from './os-package.js';

const STATUS = 'var/lib/dpkg/status';
const STATUS_D = 'var/lib/dpkg/status.d/';

/** `Source: openssl (3.0.11-1~deb12u2)`: the version is only present when it differs from the binary's. */
function parseSource(value: string | undefined): { name?: string; version?: string } {
  if (!value) return {};
  const match = /^(\S+)(?:\s+\(([^)]+)\))?$/.exec(value.trim());
  if (!match) return {};
  return match[2] ? { name: match[1]!, version: match[2] } : { name: match[1]! };
}

export const dpkgExtractor: Extractor = {
  name: 'os/dpkg',
  matches(path) {
    if (path === STATUS) return true;
    // Distroless keeps one status file per package; the .md5sums beside them are file lists, not stanzas.
    return path.startsWith(STATUS_D) && !path.slice(STATUS_D.length).includes('/') && !baseName(path).endsWith('.md5sums');
  },
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const distroless = path.startsWith(STATUS_D);
    for (const stanza of readStanzas(text, builder, true)) {
      const name = stanza.fields.get('Package');
      // Every dpkg stanza starts with Package, whatever its status: one without is not dpkg's.
      if (!name) {
        builder.error('stanza without Package', stanza.line);
        continue;
      }
      const status = stanza.fields.get('Status');
      // Removed-but-configured and half-installed packages stay in status with another Status; they are not on disk.
      // Distroless status.d entries are written by the image builder for installed packages only and may omit Status.
      if (status === undefined ? !distroless : status.split(/\s+/).join(' ') !== 'install ok installed') continue;
      const version = stanza.fields.get('Version');
      if (!version) {
        builder.error('stanza without Version', stanza.line);
        continue;
      }
      const arch = stanza.fields.get('Architecture');
      const source = parseSource(stanza.fields.get('Source'));
      builder.add(
        osPackage('deb', {
          name,
          version,
          file: path,
          sourceName: source.name ?? name,
          sourceVersion: source.version ?? version,
          ...(arch ? { arch } : {}),
        }),
      );
    }
    return builder.result();
  },
};
