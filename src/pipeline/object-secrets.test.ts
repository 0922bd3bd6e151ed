import { describe, expect, it } from 'vitest';
import { secretRules } from '../checks/rules/secrets/index.js';
import { checksummedToken } from '../checks/secrets/detectors/testing/tokens.js';
import type { Location } from '../core/finding.js';
import type { RuleHit } from '../core/rule-hit.js';
import { parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects } from '../parsers/kubernetes/objects.js';
import { decodedValueSecrets, objectSecrets, outsideEncodedValues } from './object-secrets.js';
import { SecretSearch } from './secrets.js';

const token = checksummedToken('ghp_', 77);
const b64 = (text: string) => Buffer.from(text).toString('base64');
const search = new SecretSearch(secretRules);
const objectOf = (yaml: string) => extractObjects(parseYamlFile('s.yaml', yaml))[0]!;

describe('decodedValueSecrets', () => {
  it('locates each hit at its value and covers every base64 value, decoded or not', () => {
    const object = objectOf(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  bad: not base64\n  vault: |\n    ${b64(token).slice(0, 28)}\n    ${b64(token).slice(28)}\n`);
    const { hits, errors, covered } = decodedValueSecrets(object, search);
    expect(errors).toEqual([]);
    expect(hits.map((h) => [h.meta.id, h.fieldPath, h.location.startLine, h.location.endLine, h.resource, h.secret?.encodings])).toEqual([
      ['secret/github-pat', 'data.vault', 7, 9, { apiVersion: 'v1', kind: 'Secret', name: 's' }, ['base64']],
    ]);
    expect(covered.map((l) => [l.startLine, l.endLine])).toEqual([
      [6, 6],
      [7, 9],
    ]);
  });

  it('searches nothing when no secret rule is selected', () => {
    const object = objectOf(`apiVersion: v1\nkind: Secret\ndata:\n  vault: ${b64(token)}\nstringData:\n  t: ${token}\n`);
    const off = new SecretSearch([]);
    expect(decodedValueSecrets(object, off)).toEqual({ hits: [], errors: [], covered: [] });
    expect(objectSecrets(object, off)).toEqual({ hits: [], errors: [] });
    expect(objectSecrets(object, search).hits.map((h) => h.fieldPath)).toEqual(['data.vault', undefined]);
  });
});

describe('outsideEncodedValues', () => {
  const range: Location = { file: 'f.yaml', startLine: 4, startColumn: 3, endLine: 7, endColumn: 1 };
  const hit = (line: number, column: number, target: 'secret' | 'kubernetes' = 'secret', file = 'f.yaml') =>
    ({ meta: { target }, location: { file, startLine: line, startColumn: column, endLine: line, endColumn: column + 1 } }) as unknown as RuleHit;

  it('drops secret hits inside a covered value, and keeps the rest', () => {
    const inside = [hit(4, 10), hit(6, 5)];
    const outside = [hit(3, 10), hit(4, 1), hit(7, 1), hit(8, 3), hit(5, 5, 'kubernetes'), hit(5, 5, 'secret', 'g.yaml')];
    expect(outsideEncodedValues([...inside, ...outside], [range])).toEqual(outside);
    expect(outsideEncodedValues(inside, [])).toEqual(inside);
  });
});
