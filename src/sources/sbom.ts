import { readFile } from 'node:fs/promises';
import { describeFsError } from './directory/walk.js';
import { sourceOf, type Source } from './source.js';

/** An SBOM file (CycloneDX or SPDX JSON), read whole; the pipeline reads its packages. `subject`: the report is about it. */
export function sbomSource(path: string, display: string, subject: boolean): Source {
  return sourceOf('sbom', display, async function* () {
    if (subject) yield { type: 'target', target: { type: 'sbom', name: display } };
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      yield { type: 'error', error: { file: display, message: `cannot read SBOM: ${describeFsError(error)}` } };
      return;
    }
    yield { type: 'sbom', file: display, text };
  });
}
