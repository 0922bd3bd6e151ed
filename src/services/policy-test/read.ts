import { realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { JsonPath } from '../../core/fix.js';
import type { PolicyLoadError, PolicyOperation } from '../../checks/policies/types.js';
import { readPolicyDocuments, type LocatedDocument } from '../../checks/policies/load.js';
import { asRecord } from '../../parsers/kubernetes/values.js';
import { isInside } from '../../sources/directory/inside.js';
import type { Expectation, TestCase, TestGroup, TestRequest, ViolationMatcher } from './model.js';

export const TEST_API_VERSION = 'rampart.io/v1alpha1';
export const TEST_KIND = 'PolicyTest';
const SUITE_GROUP = 'test.gatekeeper.sh/';
const OPERATIONS: readonly PolicyOperation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

/** A malformed test file: reported at its line, and the file's other tests still run. */
class TestFileError extends Error {
  constructor(readonly line: number | undefined, message: string) {
    super(message);
  }
}

export function isTestDocument(object: Record<string, unknown>): boolean {
  return (object.apiVersion === TEST_API_VERSION && object.kind === TEST_KIND) || (String(object.apiVersion).startsWith(SUITE_GROUP) && object.kind === 'Suite');
}

/**
 * Every test under `root`: Rampart's `PolicyTest` files and Gatekeeper-library `Suite` files. Files they name are read
 * relative to them and only inside `root`.
 */
export async function readTests(root: string, cwd: string): Promise<{ groups: TestGroup[]; errors: PolicyLoadError[] }> {
  const { documents, errors } = await readPolicyDocuments([root], { cwd });
  const groups: TestGroup[] = [];
  let rootReal: string;
  try {
    rootReal = await realpath(resolve(cwd, root));
  } catch {
    return { groups, errors };
  }
  const tests = documents.filter((d) => isTestDocument(d.object));
  if (tests.length === 0 && errors.length === 0) errors.push({ file: root, message: `no ${TEST_KIND} (${TEST_API_VERSION}) or Gatekeeper Suite file found` });
  for (const document of tests) {
    const reader = new TestReader(document, rootReal, cwd);
    try {
      groups.push(...(document.object.kind === 'Suite' ? await reader.suite() : [await reader.rampart()]));
    } catch (error) {
      if (!(error instanceof TestFileError)) throw error;
      errors.push({ file: document.file, ...(error.line ? { line: error.line } : {}), message: error.message });
    }
  }
  return { groups, errors };
}

class TestReader {
  private readonly dir: string;

  constructor(private readonly document: LocatedDocument, private readonly rootReal: string, private readonly cwd: string) {
    this.dir = dirname(resolve(cwd, document.file));
  }

  async rampart(): Promise<TestGroup> {
    const { object, file } = this.document;
    const cases = this.list(object.cases, ['cases']);
    if (cases.length === 0) this.fail(['cases'], '"cases" must list at least one case');
    const name = this.string(asRecord(object.metadata)?.name, ['metadata', 'name'], file);
    return {
      file,
      policyFiles: await this.paths(object.policies, ['policies'], true),
      inventory: await this.objects(object.inventory, ['inventory']),
      cases: await Promise.all(cases.map((value, i) => this.rampartCase(value, ['cases', i], name))),
    };
  }

  private async rampartCase(value: unknown, path: JsonPath, test: string): Promise<TestCase> {
    const record = this.record(value, path);
    const name = this.string(record.name, [...path, 'name']);
    const operation = record.operation === undefined ? 'CREATE' : (this.string(record.operation, [...path, 'operation']) as PolicyOperation);
    if (!OPERATIONS.includes(operation)) this.fail([...path, 'operation'], `"operation" must be one of ${OPERATIONS.join(', ')}`);
    const request: TestRequest = { object: operation === 'DELETE' && record.object === undefined ? null : await this.object(record.object, [...path, 'object']), operation };
    if (record.oldObject !== undefined) request.oldObject = await this.object(record.oldObject, [...path, 'oldObject']);
    if (record.namespace !== undefined) request.namespaceObject = await this.object(record.namespace, [...path, 'namespace']);
    if (record.userInfo !== undefined) {
      const user = this.record(record.userInfo, [...path, 'userInfo']);
      const groups = user.groups === undefined ? [] : this.list(user.groups, [...path, 'userInfo', 'groups']).map((g, i) => this.string(g, [...path, 'userInfo', 'groups', i]));
      request.userInfo = { username: this.string(user.username, [...path, 'userInfo', 'username']), groups };
    }
    const expect = this.record(record.expect, [...path, 'expect']);
    const expectation: Expectation = {};
    if (expect.allowed !== undefined) {
      if (typeof expect.allowed !== 'boolean') this.fail([...path, 'expect', 'allowed'], '"allowed" must be true or false');
      expectation.allowed = expect.allowed;
    }
    for (const key of ['violations', 'warnings'] as const) {
      if (expect[key] !== undefined) expectation[key] = this.list(expect[key], [...path, 'expect', key]).map((m, i) => this.matcher(m, [...path, 'expect', key, i], 'substring'));
    }
    if (Object.keys(expectation).length === 0) this.fail([...path, 'expect'], '"expect" must say "allowed", "violations" or "warnings"');
    return { name: `${test} › ${name}`, file: this.document.file, line: this.document.lineOf(path), request, expect: expectation };
  }

  /** A Gatekeeper-library `suite.yaml`: each test is one template and one constraint with its cases. */
  async suite(): Promise<TestGroup[]> {
    const { object, file } = this.document;
    const suiteName = typeof asRecord(object.metadata)?.name === 'string' ? String(asRecord(object.metadata)!.name) : file;
    const groups: TestGroup[] = [];
    for (const [i, value] of this.list(object.tests, ['tests']).entries()) {
      const path = ['tests', i];
      const test = this.record(value, path);
      if (test.skip === true) continue;
      const testName = this.string(test.name, [...path, 'name']);
      const cases: TestCase[] = [];
      for (const [j, item] of this.list(test.cases ?? [], [...path, 'cases']).entries()) {
        const casePath = [...path, 'cases', j];
        const record = this.record(item, casePath);
        if (record.skip === true) continue;
        const name = this.string(record.name, [...casePath, 'name']);
        const counts = this.list(record.assertions, [...casePath, 'assertions']).map((a, k) => this.assertion(a, [...casePath, 'assertions', k]));
        const inventory = await this.objects(record.inventory, [...casePath, 'inventory']);
        cases.push({
          name: `${suiteName} › ${testName} › ${name}`,
          file,
          line: this.document.lineOf(casePath),
          request: fromReview(await this.object(record.object, [...casePath, 'object'])),
          ...(inventory.length > 0 ? { inventory } : {}),
          expect: { counts },
        });
      }
      const policyFiles = [...(await this.paths(test.template, [...path, 'template'], true)), ...(await this.paths(test.constraint, [...path, 'constraint'], true))];
      groups.push({ file, policyFiles, inventory: [], cases });
    }
    return groups;
  }

  private assertion(value: unknown, path: JsonPath): { matcher: ViolationMatcher; violations: number | 'yes' | 'no' } {
    const record = this.record(value, path);
    // Gatekeeper's default: an assertion without a count expects one violation or more.
    const raw = record.violations ?? 'yes';
    const violations = raw === true ? 'yes' : raw === false ? 'no' : raw;
    if (violations !== 'yes' && violations !== 'no' && !(typeof violations === 'number' && Number.isInteger(violations) && violations >= 0)) {
      this.fail([...path, 'violations'], '"violations" must be yes, no or a count');
    }
    return { matcher: this.matcher(record, path, 'pattern'), violations: violations as number | 'yes' | 'no' };
  }

  private matcher(value: unknown, path: JsonPath, messageIs: ViolationMatcher['messageIs']): ViolationMatcher {
    const record = this.record(value, path);
    const matcher: ViolationMatcher = { messageIs };
    if (record.policy !== undefined) matcher.policy = this.string(record.policy, [...path, 'policy']);
    if (record.message !== undefined) {
      matcher.message = this.string(record.message, [...path, 'message']);
      if (messageIs === 'pattern') {
        try {
          new RegExp(matcher.message, 'u');
        } catch (error) {
          this.fail([...path, 'message'], `"message" is not a valid regular expression: ${(error as Error).message}`);
        }
      }
    }
    return matcher;
  }

  /** An inline object, or a file (relative to the test file) holding exactly one. */
  private async object(value: unknown, path: JsonPath): Promise<Record<string, unknown>> {
    const inline = asRecord(value);
    if (inline) return inline;
    const [file] = await this.paths(value, path, false);
    const { documents, errors } = await readPolicyDocuments([file!], { cwd: this.cwd });
    if (errors.length > 0) this.fail(path, `${errors[0]!.file}${errors[0]!.line ? `:${errors[0]!.line}` : ''}: ${errors[0]!.message}`);
    if (documents.length !== 1) this.fail(path, `${String(value)} must hold exactly one object, not ${documents.length}`);
    return documents[0]!.object;
  }

  private async objects(value: unknown, path: JsonPath): Promise<Array<Record<string, unknown>>> {
    if (value === undefined) return [];
    const files = await this.paths(value, path, true);
    const { documents, errors } = await readPolicyDocuments(files, { cwd: this.cwd });
    if (errors.length > 0) this.fail(path, `${errors[0]!.file}${errors[0]!.line ? `:${errors[0]!.line}` : ''}: ${errors[0]!.message}`);
    return documents.map((d) => d.object);
  }

  /** Paths named by the test, resolved against its directory; one that leaves the tested root is refused. */
  private async paths(value: unknown, path: JsonPath, many: boolean): Promise<string[]> {
    const names = many && Array.isArray(value) ? value.map((v, i) => this.string(v, [...path, i])) : [this.string(value, path)];
    const resolved: string[] = [];
    for (const name of names) {
      const absolute = resolve(this.dir, name);
      let real: string;
      try {
        real = await realpath(absolute);
      } catch (error) {
        this.fail(path, `${name}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`);
      }
      if (!isInside(this.rootReal, real)) this.fail(path, `${name} is outside the tested directory, not read`);
      resolved.push(absolute);
    }
    return resolved;
  }

  private record(value: unknown, path: JsonPath): Record<string, unknown> {
    const record = asRecord(value);
    if (!record) this.fail(path, `${describe(path)} must be a mapping`);
    return record;
  }

  private list(value: unknown, path: JsonPath): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `${describe(path)} must be a list`);
    return value;
  }

  private string(value: unknown, path: JsonPath, fallback?: string): string {
    if (typeof value === 'string' && value !== '') return value;
    if (value === undefined && fallback !== undefined) return fallback;
    return this.fail(path, `${describe(path)} must be a non-empty string`);
  }

  private fail(path: JsonPath, message: string): never {
    throw new TestFileError(this.document.lineOf(path), message);
  }
}

function describe(path: JsonPath): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  return `"${String(last ?? 'document')}"`;
}

/** Gatekeeper suites may give an AdmissionReview instead of an object, for UPDATE and DELETE cases. */
function fromReview(object: Record<string, unknown>): TestRequest {
  if (object.kind !== 'AdmissionReview') return { object, operation: 'CREATE' };
  const request = asRecord(object.request) ?? {};
  const operation = OPERATIONS.includes(request.operation as PolicyOperation) ? (request.operation as PolicyOperation) : 'CREATE';
  const user = asRecord(request.userInfo);
  return {
    object: asRecord(request.object) ?? null,
    ...(asRecord(request.oldObject) ? { oldObject: asRecord(request.oldObject)! } : {}),
    operation,
    ...(user && typeof user.username === 'string' ? { userInfo: { username: user.username, groups: Array.isArray(user.groups) ? user.groups.filter((g): g is string => typeof g === 'string') : [] } } : {}),
  };
}
