import { describe, expect, it } from 'vitest';
import { differences, holds } from './compare.js';

describe('holds', () => {
  const existing = { metadata: { name: 'a', uid: 'u', labels: { app: 'x' } }, spec: { replicas: 2, ports: [{ port: 80, protocol: 'TCP' }] } };

  it('ignores what only the existing object has (defaults, controllers)', () => {
    expect(holds(existing, { metadata: { name: 'a' }, spec: { ports: [{ port: 80 }] } })).toBe(true);
  });

  it('finds changed values, missing fields and lists of another length', () => {
    expect(holds(existing, { spec: { replicas: 3 } })).toBe(false);
    expect(holds(existing, { spec: { paused: true } })).toBe(false);
    expect(holds(existing, { spec: { ports: [{ port: 80 }, { port: 443 }] } })).toBe(false);
    expect(holds(existing, { spec: { ports: { port: 80 } } })).toBe(false);
    expect(holds(existing, { spec: null })).toBe(false);
  });

  it('names where they differ, never the values', () => {
    expect(differences(existing, { metadata: { name: 'a', labels: { app: 'y' } }, data: { password: 'c2VjcmV0' }, spec: { replicas: 2 } })).toEqual(['metadata.labels.app', 'data']);
  });
});
