import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { secretDataInvalidBase64 } from './secret-data-invalid-base64.js';

const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: app\n${body}`;

describe('k8s/secret-data-invalid-base64', () => {
  it('fires on plain text, unpadded and URL-safe base64, and non-strings, without printing values', () => {
    const hits = runRule(secretDataInvalidBase64, secret('data:\n  password: hunter22!\n  unpadded: aHVudGVyMg\n  urlsafe: ab-_\n  port: 5432\n'));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['data.password', 'Secret "db" data["password"] is not valid base64 (9 characters); the API server will reject the object'],
      ['data.unpadded', 'Secret "db" data["unpadded"] is not valid base64 (10 characters); the API server will reject the object'],
      ['data.urlsafe', 'Secret "db" data["urlsafe"] is not valid base64 (4 characters); the API server will reject the object'],
      ['data.port', 'Secret "db" data["port"] is a number, not a base64 string; the API server will reject the object'],
    ]);
  });

  it('stays quiet for valid, multi-line, empty and null values, and for stringData', () => {
    expect(runRule(secretDataInvalidBase64, secret('data:\n  a: aHVudGVyMg==\n  b: |\n    aHVudGVy\n    Mg==\n  c: ""\n  d:\nstringData:\n  e: plain text\n'))).toEqual([]);
  });
});
