import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const cycloneDxSchemas = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Only some formats have an ajv-formats implementation; the CycloneDX schema also uses the two IRI/IDN ones. */
function addFormats(ajv: Ajv): void {
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)));
  ajv.addFormat('iri-reference', (value: string) => /^[^\s<>"{}|\\^`]*$/u.test(value));
  ajv.addFormat('uri', (value: string) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(value));
  ajv.addFormat('idn-email', (value: string) => /^[^\s@]+@[^\s@]+$/u.test(value));
}

/**
 * The official CycloneDX 1.6 schema as shipped by @cyclonedx/cyclonedx-library. It refers to its SPDX licence list and
 * JSF schemas by their SNAPSHOT file names, so they are registered under those URLs.
 */
export function cycloneDx16Validator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    ajv.addSchema({ ...readJson(join(cycloneDxSchemas, name)), $id: `http://cyclonedx.org/schema/${name}` });
  }
  return ajv.compile(readJson(join(cycloneDxSchemas, 'bom-1.6.SNAPSHOT.schema.json')));
}

/** SPDX 2.3 JSON schema from spdx/spdx-spec (see README.md here); it is draft 2019-09. */
export function spdx23Validator(): ValidateFunction {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  return ajv.compile(readJson(new URL('./spdx-2.3.schema.json', import.meta.url).pathname));
}
