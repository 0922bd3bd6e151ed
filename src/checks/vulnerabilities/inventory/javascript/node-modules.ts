import { isRecord, parseJson, ResultBuilder, stringField } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { npmPackage } from './npm-package.js';

/** `node_modules/<name>/package.json` or `node_modules/@scope/<name>/package.json`, at any nesting depth. */
const INSTALLED = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@.][^/]*\/package\.json$/;

export const nodeModulesExtractor: Extractor = {
  name: 'javascript/node-modules',
  installedOnly: true,
  matches: (path) => INSTALLED.test(path),
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const manifest = parseJson(text, builder);
    if (manifest === undefined) return builder.result();
    if (!isRecord(manifest)) {
      builder.error('package.json is not a JSON object');
      return builder.result();
    }
    const name = stringField(manifest, 'name');
    const version = stringField(manifest, 'version');
    if (!name || !version) builder.error(`package.json lacks ${name ? 'version' : 'name'}`);
    else builder.add(npmPackage(name, version, path));
    return builder.result();
  },
};
