import { baseName, ResultBuilder, splitLines } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { mavenPackage } from './maven-package.js';

export const pomPropertiesExtractor: Extractor = {
  name: 'java/pom-properties',
  matches: (path) => baseName(path) === 'pom.properties',
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const props = new Map<string, string>();
    for (const raw of splitLines(text)) {
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
      const match = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(trimmed);
      if (match) props.set(match[1]!, match[2]!.trim());
    }
    const groupId = props.get('groupId');
    const artifactId = props.get('artifactId');
    const version = props.get('version');
    if (!groupId || !artifactId || !version) builder.error('pom.properties lacks groupId, artifactId or version');
    else builder.add(mavenPackage(groupId, artifactId, version, path));
    return builder.result();
  },
};
