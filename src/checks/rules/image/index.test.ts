import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateRuleIds } from '../../../pipeline/rule-selection.js';
import { imageRules } from './index.js';
import type { ImageRule } from './rule.js';
import { defineImageRule } from './rule.js';

const here = dirname(fileURLToPath(import.meta.url));

function isRule(value: unknown): value is ImageRule {
  const meta = (value as Partial<ImageRule> | null)?.meta;
  return typeof meta?.id === 'string' && typeof (value as ImageRule).check === 'function';
}

describe('imageRules catalog', () => {
  it('registers every rule defined in this folder, with complete metadata', async () => {
    const files = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');
    const defined = (await Promise.all(files.map(async (f) => Object.values((await import(pathToFileURL(join(here, f)).href)) as Record<string, unknown>).filter(isRule)))).flat();
    expect(defined.map((r) => r.meta.id).sort()).toEqual(imageRules.map((r) => r.meta.id).sort());
    expect(() => validateRuleIds(imageRules)).not.toThrow();
    for (const { meta } of imageRules) {
      expect(meta.id).toMatch(/^image\/[a-z0-9-]+$/);
      expect(meta.target).toBe('image');
      expect(meta.rationale.length, meta.id).toBeGreaterThan(20);
      expect(meta.remediation.length, meta.id).toBeGreaterThan(10);
    }
  });

  it('marks the rules about secret material sensitive', () => {
    expect(imageRules.filter((r) => r.meta.sensitive).map((r) => r.meta.id).sort()).toEqual(['image/secret-in-build-arg', 'image/secret-in-env']);
  });

  it('rejects a rule outside the image/ namespace', () => {
    expect(() => defineImageRule({ ...imageRules[0]!, meta: { ...imageRules[0]!.meta, id: 'docker/x' } })).toThrow(/image\//);
  });
});
