import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSeverity } from '../../../core/severity.js';
import { dockerfileRules } from './index.js';
import type { DockerfileRule } from './rule.js';

const here = dirname(fileURLToPath(import.meta.url));

function isRule(value: unknown): value is DockerfileRule {
  const meta = (value as Partial<DockerfileRule> | null)?.meta;
  return typeof meta?.id === 'string' && meta.id.startsWith('docker/') && typeof (value as DockerfileRule).check === 'function';
}

/** Every module of this folder with the rules it exports (the catalog itself excluded). */
async function ruleModules(): Promise<Array<{ file: string; rules: DockerfileRule[] }>> {
  const files = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');
  const modules = await Promise.all(
    files.map(async (file) => {
      const exports = (await import(pathToFileURL(join(here, file)).href)) as Record<string, unknown>;
      return { file, rules: Object.values(exports).filter(isRule) };
    }),
  );
  return modules.filter((m) => m.rules.length > 0);
}

describe('dockerfileRules catalog', () => {
  it('has at least 30 rules with unique, well-formed IDs and complete metadata', () => {
    expect(dockerfileRules.length).toBeGreaterThanOrEqual(30);
    const ids = dockerfileRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of dockerfileRules) {
      expect(meta.id).toMatch(/^docker\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(meta.target).toBe('dockerfile');
      expect(isSeverity(meta.severity)).toBe(true);
      expect(meta.title.length).toBeGreaterThan(5);
      expect(meta.rationale.length).toBeGreaterThan(40);
      expect(meta.remediation.length).toBeGreaterThan(10);
    }
  });

  it('gives Trivy aliases in both the DS and AVD forms, and no alias to two unrelated rules by accident', () => {
    for (const { meta } of dockerfileRules) {
      const trivy = meta.aliases.trivy ?? [];
      for (const id of trivy.filter((t) => t.startsWith('DS'))) expect(trivy).toContain(`AVD-DS-${id.slice(2).padStart(4, '0')}`);
    }
    const hadolint = dockerfileRules.flatMap((r) => r.meta.aliases.hadolint ?? []);
    expect(new Set(hadolint).size).toBe(hadolint.length);
  });

  it('has every rule in a module of its own with a sibling test file', async () => {
    const modules = await ruleModules();
    // One rule per module, so "<module>.test.ts" is unambiguously that rule's test.
    for (const { file, rules } of modules) expect(rules.map((r) => r.meta.id), file).toHaveLength(1);
    const missingTests = modules.map((m) => m.file).filter((file) => !existsSync(join(here, file.replace(/\.ts$/, '.test.ts'))));
    expect(missingTests).toEqual([]);
    const defined = modules.flatMap((m) => m.rules);
    expect(dockerfileRules.filter((rule) => !defined.includes(rule)).map((r) => r.meta.id)).toEqual([]);
    expect(defined.filter((rule) => !dockerfileRules.includes(rule)).map((r) => r.meta.id)).toEqual([]);
  });
});
