import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { parseYamlFile } from '../../../../parsers/kubernetes/documents.js';
import { findTestTool } from '../../../../testing/tools.js';
import type { PolicyDocument } from '../../types.js';

/** The pinned opa scripts/install-opa.sh builds; a missing one fails the suite rather than skipping it. */
export function testOpa(): string {
  return findTestTool({ name: 'opa', version: 'v1.22.4', envVar: 'RAMPART_OPA', script: 'scripts/install-opa.sh' });
}

/**
 * For CLI tests: the Rego engine reads `RAMPART_OPA` (the opa that compiles templates) and `RAMPART_CACHE_DIR` (where
 * compiled bundles are kept) from the process; the suite gets the pinned opa and a private cache, restored after.
 */
export function useTestOpaEnvironment(): void {
  const saved = { RAMPART_OPA: process.env.RAMPART_OPA, RAMPART_CACHE_DIR: process.env.RAMPART_CACHE_DIR };
  const cacheDir = mkdtempSync(join(tmpdir(), 'rampart-rego-cache-'));
  beforeAll(() => {
    process.env.RAMPART_OPA = testOpa();
    process.env.RAMPART_CACHE_DIR = cacheDir;
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(cacheDir, { recursive: true, force: true });
  });
}

/** Policy documents as the scan reads them: every object of a YAML text with its line and field locations. */
export function policyDocuments(file: string, text: string): PolicyDocument[] {
  const parsed = parseYamlFile(file, text);
  if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.documents.flatMap((document) => {
    const object = document.value;
    if (object === null || typeof object !== 'object' || Array.isArray(object)) return [];
    return [{ object: object as Record<string, unknown>, file, line: document.startLine, locate: (path) => document.locate(path).location }];
  });
}

export function policyDocumentsFromFile(file: string): PolicyDocument[] {
  return policyDocuments(file, readFileSync(file, 'utf8'));
}

/** The first object of a YAML file, as a scan hands it to a policy. */
export function objectFromFile(file: string): Record<string, unknown> {
  const [first] = policyDocumentsFromFile(file);
  if (!first) throw new Error(`${file} holds no object`);
  return first.object;
}

/** A ConstraintTemplate of `kind` around `rego` (indented into a block scalar that starts on line 13). */
export function templateYaml(kind: string, rego: string, options: { libs?: string[] } = {}): string {
  const indent = (text: string, by: string): string => text.split('\n').map((line) => (line === '' ? '' : by + line)).join('\n');
  const libs = options.libs ? `\n      libs:\n${options.libs.map((lib) => `        - |\n${indent(lib, '          ')}`).join('\n')}` : '';
  return `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: ${kind.toLowerCase()}
spec:
  crd:
    spec:
      names:
        kind: ${kind}
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
${indent(rego, '        ')}${libs}
`;
}

/** A constraint of `kind` with a YAML `spec` body (already indented by two spaces), or none. */
export function constraintYaml(kind: string, name: string, spec = ''): string {
  return `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: ${kind}
metadata:
  name: ${name}
${spec ? `spec:\n${spec}` : ''}`;
}
