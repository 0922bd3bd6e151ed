import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compileRegoPolicies } from '../src/checks/policies/rego/index.js';
import { objectFromFile, policyDocumentsFromFile, testOpa } from '../src/checks/policies/rego/testing/fixtures.js';

/**
 * The fixture templates' Gatekeeper suites (the `gator verify` format: a template, a constraint, and cases of an
 * object, an optional inventory and assertions on the violations), run through compileRegoPolicies.
 */
const root = 'test/fixtures/policies/rego';
const cacheDir = mkdtempSync(join(tmpdir(), 'rampart-rego-suites-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

interface Assertion {
  violations?: 'yes' | 'no' | number;
  message?: string;
}
interface SuiteCase {
  name: string;
  object: string;
  inventory?: string[];
  assertions: Assertion[];
}
interface Suite {
  tests: Array<{ name: string; template: string; constraint: string; cases: SuiteCase[] }>;
}

const suites = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(root, entry.name, 'suite.yaml'));

describe('Gatekeeper-style suites of the fixture templates', () => {
  it('finds the four suites', () => {
    expect(suites.map((suite) => dirname(suite).split('/').pop()).sort()).toEqual(['allowedrepos', 'containerlimits', 'requiredlabels', 'uniqueingresshost']);
  });

  for (const suitePath of suites) {
    const suite = parseYaml(readFileSync(suitePath, 'utf8')) as Suite;
    const base = dirname(suitePath);
    for (const test of suite.tests) {
      describe(`${base.split('/').pop()} / ${test.name}`, () => {
        for (const testCase of test.cases) {
          it(testCase.name, async () => {
            const documents = [...policyDocumentsFromFile(join(base, test.template)), ...policyDocumentsFromFile(join(base, test.constraint))];
            const compiled = await compileRegoPolicies(documents, { opaPath: testOpa(), cacheDir });
            expect(compiled.errors).toEqual([]);
            expect(compiled.set.policies).toHaveLength(1);
            const inventory = testCase.inventory
              ? { objects: testCase.inventory.flatMap((file) => policyDocumentsFromFile(join(base, file)).map((document) => document.object)) }
              : undefined;
            const result = compiled.set.evaluate({ object: objectFromFile(join(base, testCase.object)), operation: 'CREATE' }, inventory);
            expect(result.failures).toEqual([]);
            for (const assertion of testCase.assertions) {
              const pattern = assertion.message === undefined ? undefined : new RegExp(assertion.message);
              const count = result.violations.filter((violation) => !pattern || pattern.test(violation.message)).length;
              const expected = assertion.violations ?? 'yes';
              const what = `${assertion.message ?? 'any message'}: ${JSON.stringify(result.violations.map((v) => v.message))}`;
              if (expected === 'yes') expect(count, what).toBeGreaterThan(0);
              else if (expected === 'no') expect(count, what).toBe(0);
              else expect(count, what).toBe(expected);
            }
          });
        }
      });
    }
  }
});
