import { baseName, ResultBuilder, splitLines } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { mavenPackage } from './maven-package.js';

export const gradleLockfileExtractor: Extractor = {
  name: 'java/gradle-lockfile',
  matches: (path) => baseName(path).endsWith('gradle.lockfile'),
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    splitLines(text).forEach((raw, index) => {
      const line = raw.trim();
      // `empty=` lists configurations that resolved to nothing.
      if (line === '' || line.startsWith('#') || line.startsWith('empty=')) return;
      const match = /^([^:\s]+):([^:\s]+):([^:=\s]+)=(.*)$/.exec(line);
      if (!match) {
        builder.error(`malformed lock line: ${line.slice(0, 80)}`, index + 1);
        return;
      }
      const configurations = match[4]!.split(',').filter(Boolean);
      // Only on test classpaths means it never ships.
      const dev = configurations.length > 0 && configurations.every((c) => /^test[A-Z]/.test(c));
      builder.add(mavenPackage(match[1]!, match[2]!, match[3]!, path, dev));
    });
    return builder.result();
  },
};
