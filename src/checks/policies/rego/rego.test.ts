import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CompiledPolicies, PolicyDocument, PolicyRequest } from '../types.js';
import { compileRegoPolicies } from './index.js';
import { constraintYaml, policyDocuments, templateYaml, testOpa } from './testing/fixtures.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'rampart-rego-test-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function compile(...documents: PolicyDocument[][]): Promise<CompiledPolicies> {
  return compileRegoPolicies(documents.flat(), { opaPath: testOpa(), cacheDir });
}

function docs(file: string, ...texts: string[]): PolicyDocument[] {
  return policyDocuments(file, texts.join('---\n'));
}

const pod = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels: { app: name } },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
  ...extra,
});

const create = (object: Record<string, unknown>, more: Partial<PolicyRequest> = {}): PolicyRequest => ({ object, operation: 'CREATE', ...more });

const ALWAYS = 'package always\n\nviolation[{"msg": msg}] {\n  msg := sprintf("%v is not welcome", [input.review.object.metadata.name])\n}\n';

describe('compileRegoPolicies', () => {
  it('fires on a matching object, stays quiet on the others, and ignores documents that are not Gatekeeper objects', async () => {
    const compiled = await compile(
      docs('always.yaml', templateYaml('Always', ALWAYS), constraintYaml('Always', 'pods-only', '  match:\n    kinds:\n      - apiGroups: [""]\n        kinds: ["Pod"]\n')),
      docs('other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unrelated\n'),
    );
    expect(compiled.errors).toEqual([]);
    expect(compiled.set.policies).toEqual([{ name: 'pods-only', kind: 'Always', location: expect.objectContaining({ file: 'always.yaml', startLine: 23 }) }]);
    expect(compiled.set.evaluate(create(pod('web'))).violations).toEqual([
      { policy: 'pods-only', policyKind: 'Always', message: 'web is not welcome', actions: ['deny'], policyLocation: expect.objectContaining({ file: 'always.yaml' }) },
    ]);
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } };
    expect(compiled.set.evaluate(create(deployment))).toEqual({ violations: [], failures: [], auditAnnotations: {} });
  });

  it('maps enforcementAction to the actions of each violation', async () => {
    const compiled = await compile(
      docs(
        'actions.yaml',
        templateYaml('Always', ALWAYS),
        constraintYaml('Always', 'a-deny'),
        constraintYaml('Always', 'b-warn', '  enforcementAction: warn\n'),
        constraintYaml('Always', 'c-dryrun', '  enforcementAction: dryrun\n'),
      ),
    );
    expect(compiled.errors).toEqual([]);
    const actions = compiled.set.evaluate(create(pod('web'))).violations.map((v) => [v.policy, v.actions]);
    expect(actions).toEqual([
      ['a-deny', ['deny']],
      ['b-warn', ['warn']],
      ['c-dryrun', ['audit']],
    ]);
  });

  it('hands the template Gatekeeper input: review (AdmissionRequest shape, _unstable.namespace) and parameters', async () => {
    const rego = `package shape

violation[{"msg": msg}] {
  r := input.review
  msg := sprintf("%v %v/%v/%v %v in %v by %v old=%v team=%v p=%v", [r.operation, r.kind.group, r.kind.version, r.kind.kind, r.name, r.namespace, r.userInfo.username, r.oldObject.metadata.name, r._unstable.namespace.metadata.labels.team, input.parameters.level])
}
`;
    const compiled = await compile(docs('shape.yaml', templateYaml('Shape', rego), constraintYaml('Shape', 'shape', '  parameters:\n    level: 3\n')));
    expect(compiled.errors).toEqual([]);
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } };
    const result = compiled.set.evaluate({
      object: deployment,
      oldObject: { ...deployment, metadata: { name: 'web-old' } },
      operation: 'UPDATE',
      userInfo: { username: 'alice', groups: ['dev'] },
      namespaceObject: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'payments' } } },
    });
    expect(result.violations.map((v) => v.message)).toEqual(['UPDATE apps/v1/Deployment web in shop by alice old=web-old team=payments p=3']);
  });

  it('matches a DELETE by its old object, whose labels the labelSelector reads', async () => {
    const rego = 'package nodelete\n\nviolation[{"msg": "protected"}] {\n  input.review.operation == "DELETE"\n  input.review.object == null\n}\n';
    const compiled = await compile(docs('delete.yaml', templateYaml('NoDelete', rego), constraintYaml('NoDelete', 'protected', '  match:\n    labelSelector:\n      matchLabels:\n        app: db\n')));
    expect(compiled.errors).toEqual([]);
    expect(compiled.set.evaluate({ object: null, oldObject: pod('db'), operation: 'DELETE' }).violations.map((v) => v.message)).toEqual(['protected']);
    expect(compiled.set.evaluate({ object: null, oldObject: pod('web'), operation: 'DELETE' }).violations).toEqual([]);
  });

  it('treats undefined data as Gatekeeper does: no inventory or a missing parameter is no violation', async () => {
    const rego = `package referential

violation[{"msg": msg}] {
  other := data.inventory.cluster["v1"]["Namespace"][input.review.object.metadata.namespace]
  other.metadata.labels.frozen == "true"
  msg := sprintf("namespace %v is frozen", [other.metadata.name])
}

violation[{"msg": "parameter says no"}] {
  input.parameters.forbidAll
}
`;
    const compiled = await compile(docs('ref.yaml', templateYaml('Referential', rego), constraintYaml('Referential', 'frozen')));
    expect(compiled.errors).toEqual([]);
    expect(compiled.set.evaluate(create(pod('web')))).toEqual({ violations: [], failures: [], auditAnnotations: {} });
    const frozen = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { frozen: 'true' } } };
    const open = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { frozen: 'false' } } };
    expect(compiled.set.evaluate(create(pod('web')), { objects: [frozen] }).violations.map((v) => v.message)).toEqual(['namespace shop is frozen']);
    expect(compiled.set.evaluate(create(pod('web')), { objects: [open] }).violations).toEqual([]);
    // The same inventory object again, and then none: the wasm's data follows each call.
    expect(compiled.set.evaluate(create(pod('web'))).violations).toEqual([]);
  });

  it('keeps objects named like prototype keys in the inventory', async () => {
    const rego = 'package proto\n\nviolation[{"msg": "seen"}] {\n  data.inventory.namespace.shop["v1"]["ConfigMap"]["__proto__"]\n}\n';
    const compiled = await compile(docs('proto.yaml', templateYaml('Proto', rego), constraintYaml('Proto', 'proto')));
    const odd = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"__proto__","namespace":"shop"}}') as Record<string, unknown>;
    expect(compiled.set.evaluate(create(pod('web')), { objects: [odd] }).violations.map((v) => v.message)).toEqual(['seen']);
  });

  it('reports Rego that does not compile at the file and line of the YAML, with opa\'s message, and loads the rest', async () => {
    const broken = 'package broken\n\nviolation[{"msg": msg}] {\n  msg := undefined_function(input.review)\n}\n';
    const compiled = await compile(
      docs('broken.yaml', templateYaml('Broken', broken), constraintYaml('Broken', 'never-loads')),
      docs('good.yaml', templateYaml('Always', ALWAYS), constraintYaml('Always', 'still-runs')),
    );
    // The rego block scalar starts on line 13; the call is line 4 of the module.
    expect(compiled.errors).toEqual([{ file: 'broken.yaml', line: 16, message: 'ConstraintTemplate broken (template.rego:4): rego_type_error: undefined function undefined_function' }]);
    expect(compiled.set.policies.map((p) => p.name)).toEqual(['still-runs']);
    expect(compiled.set.evaluate(create(pod('web'))).violations).toHaveLength(1);
  });

  it('reports a syntax error in a library at the library\'s own line', async () => {
    const rego = 'package withlib\n\nimport data.lib.helpers.bad\n\nviolation[{"msg": "x"}] {\n  bad(input.review)\n}\n';
    const compiled = await compile(docs('lib.yaml', templateYaml('WithLib', rego, { libs: ['package lib.helpers\n\nbad(x) {\n  x ==\n}\n'] }), constraintYaml('WithLib', 'c')));
    expect(compiled.errors).toHaveLength(1);
    expect(compiled.errors[0]).toMatchObject({ file: 'lib.yaml', line: 27, message: expect.stringMatching(/^ConstraintTemplate withlib \(lib_0.rego:5\): rego_parse_error: /) });
  });

  it('refuses what Gatekeeper refuses: no violation rule, a library outside lib, and built-ins wasm cannot run', async () => {
    const compiled = await compile(
      docs('a.yaml', templateYaml('NoViolation', 'package noviolation\n\ndeny[{"msg": "x"}] { true }\n')),
      docs('b.yaml', templateYaml('BadLib', 'package badlib\n\nviolation[{"msg": "x"}] { true }\n', { libs: ['package helpers\n\nf { true }\n'] })),
      docs('c.yaml', templateYaml('Http', 'package http\n\nviolation[{"msg": m}] {\n  m := http.send({"method": "GET", "url": "https://example.com"}).body\n}\n')),
    );
    expect(compiled.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      'a.yaml:13 ConstraintTemplate noviolation (template.rego:1): invalid rego: missing required rules: [violation]',
      'b.yaml:19 ConstraintTemplate badlib (lib_0.rego:1): library package "helpers" must be under lib (package lib.<name>)',
      'c.yaml:12 ConstraintTemplate http: uses http.send, which policies compiled to WebAssembly cannot call',
    ]);
  });

  it('accepts Rego v1 in a template that does not declare its version', async () => {
    const rego = 'package vone\n\nviolation contains {"msg": msg} if {\n  some c in input.review.object.spec.containers\n  c.image == "nginx"\n  msg := sprintf("%v uses nginx", [c.name])\n}\n';
    const compiled = await compile(docs('v1.yaml', templateYaml('VOne', rego), constraintYaml('VOne', 'v1')));
    expect(compiled.errors).toEqual([]);
    expect(compiled.set.evaluate(create(pod('web'))).violations.map((v) => v.message)).toEqual(['app uses nginx']);
  });

  it('turns an evaluation error into a failure that denies, as the constraint framework does', async () => {
    const rego = 'package conflict\n\nvalue = 1 { input.review.object }\nvalue = 2 { input.review.object }\n\nviolation[{"msg": msg}] {\n  msg := sprintf("%v", [value])\n}\n';
    const compiled = await compile(docs('conflict.yaml', templateYaml('Conflict', rego), constraintYaml('Conflict', 'conflict')));
    expect(compiled.errors).toEqual([]);
    const result = compiled.set.evaluate(create(pod('web')));
    expect(result.violations).toEqual([]);
    expect(result.failures).toEqual([
      { policy: 'conflict', policyKind: 'Conflict', message: 'evaluation failed: template.rego:4:1: var assignment conflict', failurePolicy: 'Fail', policyLocation: expect.objectContaining({ file: 'conflict.yaml' }) },
    ]);
  });

  it('writes nothing of print or trace to the output a report goes to', async () => {
    const rego = 'package talkative\n\nviolation[{"msg": "said"}] {\n  print("printed", input.review.object.metadata.name)\n  trace("traced")\n}\n';
    const compiled = await compile(docs('talk.yaml', templateYaml('Talkative', rego), constraintYaml('Talkative', 'talkative')));
    expect(compiled.errors).toEqual([]);
    const log = vi.spyOn(console, 'log');
    const write = vi.spyOn(process.stdout, 'write');
    try {
      expect(compiled.set.evaluate(create(pod('web'))).violations.map((v) => v.message)).toEqual(['said']);
      expect(log).not.toHaveBeenCalled();
      expect(write).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
  });

  it('reports a violation without a string msg as a failure', async () => {
    const compiled = await compile(docs('nomsg.yaml', templateYaml('NoMsg', 'package nomsg\n\nviolation[{"message": "wrong key"}] { true }\n'), constraintYaml('NoMsg', 'nomsg')));
    const result = compiled.set.evaluate(create(pod('web')));
    expect(result.failures.map((f) => [f.message, f.failurePolicy])).toEqual([['a violation has no string "msg"', 'Fail']]);
  });

  it('reports a namespaceSelector whose Namespace is unknown as a failure that does not deny', async () => {
    const compiled = await compile(docs('nssel.yaml', templateYaml('Always', ALWAYS), constraintYaml('Always', 'by-team', '  match:\n    namespaceSelector:\n      matchLabels:\n        team: shop\n')));
    const unknown = compiled.set.evaluate(create(pod('web')));
    expect(unknown.violations).toEqual([]);
    expect(unknown.failures.map((f) => [f.message, f.failurePolicy])).toEqual([['namespaceSelector needs the Namespace "shop", which is not known', 'Ignore']]);
    const known = compiled.set.evaluate(create(pod('web'), { namespaceObject: { metadata: { name: 'shop', labels: { team: 'shop' } } } }));
    expect(known.violations).toHaveLength(1);
  });

  it('reports malformed constraints, constraints without a template and duplicate kinds, and loads the good ones', async () => {
    const compiled = await compile(
      docs(
        'constraints.yaml',
        templateYaml('Always', ALWAYS),
        constraintYaml('Always', 'good'),
        constraintYaml('Always', 'bad-params', '  parameters: "none"\n'),
        constraintYaml('Always', 'bad-match', '  match:\n    namespaces: shop\n'),
        constraintYaml('Missing', 'orphan'),
      ),
      docs('dup.yaml', templateYaml('Always', ALWAYS)),
    );
    expect(compiled.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      'constraints.yaml:30 Always bad-params: spec.parameters must be a map',
      'constraints.yaml:37 Always bad-match: spec.match.namespaces must be a list of strings',
      'constraints.yaml:40 Missing constraint: no ConstraintTemplate defines kind Missing',
      'dup.yaml:1 ConstraintTemplate always: kind Always is already defined by another template',
    ]);
    expect(compiled.set.policies.map((p) => p.name)).toEqual(['good']);
  });

  it('checks constraint parameters against the template\'s schema, as the apiserver does, and loads the good ones', async () => {
    const schema = [
      '      validation:',
      '        openAPIV3Schema:',
      '          type: object',
      '          required: [repos]',
      '          properties:',
      '            repos:',
      '              type: array',
      '              items: {type: string}',
      '            mode:',
      '              type: string',
      '              enum: [strict, lenient]',
      '            note:',
      '              type: string',
      '              nullable: true',
    ].join('\n');
    const template = templateYaml('Repos', ALWAYS.replace('package always', 'package repos')).replace('        kind: Repos\n', `        kind: Repos\n${schema}\n`);
    const compiled = await compile(docs(
      'params.yaml',
      template,
      constraintYaml('Repos', 'good', '  parameters:\n    repos: ["ghcr.io/"]\n    note: null\n'),
      constraintYaml('Repos', 'wrong-type', '  parameters:\n    repos: "ghcr.io/"\n'),
      constraintYaml('Repos', 'missing', '  parameters:\n    mode: strict\n'),
      constraintYaml('Repos', 'bad-enum', '  parameters:\n    repos: []\n    mode: loose\n'),
    ));
    expect(compiled.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      'params.yaml:49 Repos wrong-type: spec.parameters.repos: Invalid value: must be of type array',
      'params.yaml:56 Repos missing: spec.parameters.repos: Invalid value: Required value',
      'params.yaml:66 Repos bad-enum: spec.parameters.mode: Invalid value: must be one of "strict", "lenient"',
    ]);
    expect(compiled.set.policies.map((p) => p.name)).toEqual(['good']);
  });

  it('refuses a template whose schema is not a schema', async () => {
    const template = templateYaml('Odd', ALWAYS.replace('package always', 'package odd')).replace('        kind: Odd\n', '        kind: Odd\n      validation:\n        openAPIV3Schema:\n          type: 42\n');
    const compiled = await compile(docs('odd.yaml', template, constraintYaml('Odd', 'uses-it')));
    expect(compiled.errors.map((e) => `${e.file}:${e.line} ${e.message.replace(/schema: .*/, 'schema: ...')}`)).toEqual([
      'odd.yaml:11 ConstraintTemplate odd: spec.crd.spec.validation.openAPIV3Schema is not a valid schema: ...',
    ]);
    expect(compiled.set.policies).toEqual([]);
  });

  it('stops a template that runs over the time limit with a failure, and does not evaluate it again', async () => {
    const SLOW = 'package slow\n\nviolation[{"msg": "slow"}] {\n  a := numbers.range(1, 700)\n  count([x | x := a[i] * a[j]]) > 0\n}\n';
    const compiled = await compileRegoPolicies([
      ...docs('slow.yaml', templateYaml('Slow', SLOW), constraintYaml('Slow', 'slow')),
      ...docs('fast.yaml', templateYaml('Always', ALWAYS), constraintYaml('Always', 'fast')),
    ], { opaPath: testOpa(), cacheDir, evaluationLimitMs: 20 });
    expect(compiled.errors).toEqual([]);
    const first = compiled.set.evaluate(create(pod('web')));
    expect(first.violations.map((v) => v.policy)).toEqual(['fast']);
    expect(first.failures).toEqual([expect.objectContaining({ policy: 'slow', failurePolicy: 'Fail', message: expect.stringMatching(/^evaluation took \d+ ms, over the 20 ms limit: template Slow is not evaluated again$/) })]);
    const second = compiled.set.evaluate(create(pod('api')));
    expect(second.failures.map((f) => f.message)).toEqual(first.failures.map((f) => f.message));
    expect(second.violations.map((v) => v.message)).toEqual(['api is not welcome']);
  });
});
