import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../types.js';
import { isConstraint, isTemplate, readConstraint, readTemplate } from './objects.js';
import { constraintYaml, policyDocuments, templateYaml } from './testing/fixtures.js';

function one(text: string): PolicyDocument {
  const [document] = policyDocuments('policy.yaml', text);
  return document!;
}

function templateWith(spec: Record<string, unknown>, name = 'k8sthing'): PolicyDocument {
  return { object: { apiVersion: 'templates.gatekeeper.sh/v1', kind: 'ConstraintTemplate', metadata: { name }, spec }, file: 'policy.yaml', line: 1 };
}

const crd = { spec: { names: { kind: 'K8sThing' } } };

describe('reading ConstraintTemplates', () => {
  it('recognises templates and constraints by apiVersion and kind', () => {
    expect(isTemplate({ apiVersion: 'templates.gatekeeper.sh/v1beta1', kind: 'ConstraintTemplate' })).toBe(true);
    expect(isTemplate({ apiVersion: 'example.com/v1', kind: 'ConstraintTemplate' })).toBe(false);
    expect(isConstraint({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sThing' })).toBe(true);
    expect(isConstraint({ apiVersion: 'v1', kind: 'Pod' })).toBe(false);
  });

  it('reads rego and libs of the target, with the YAML paths of each source', () => {
    const template = readTemplate(one(templateYaml('K8sThing', 'package x\nviolation[{"msg": "m"}] { true }\n', { libs: ['package lib.a\nf { true }\n'] })));
    if ('message' in template) throw new Error(template.message);
    expect(template.kind).toBe('K8sThing');
    expect(template.regoVersion).toBe('unspecified');
    expect(template.modules.map((m) => [m.name, m.path.join('.')])).toEqual([
      ['template.rego', 'spec.targets.0.rego'],
      ['lib_0.rego', 'spec.targets.0.libs.0'],
    ]);
  });

  it('prefers the code entry of engine Rego and reads its declared version', () => {
    const template = readTemplate(
      templateWith({
        crd,
        targets: [{ target: 'admission.k8s.gatekeeper.sh', code: [{ engine: 'K8sNativeValidation', source: {} }, { engine: 'Rego', source: { rego: 'package y', version: 'v1', libs: ['package lib.b'] } }] }],
      }),
    );
    if ('message' in template) throw new Error(template.message);
    expect(template.regoVersion).toBe('v1');
    expect(template.modules.map((m) => m.path.join('.'))).toEqual(['spec.targets.0.code.1.source.rego', 'spec.targets.0.code.1.source.libs.0']);
  });

  it('refuses malformed templates with the line of the offending field', () => {
    const cases: Array<[PolicyDocument, RegExp]> = [
      [templateWith({ crd }, ''), /metadata.name is required/],
      [templateWith({}), /spec.crd.spec.names.kind is required/],
      [templateWith({ crd }, 'other'), /metadata.name must be "k8sthing", the lowercase of its kind K8sThing/],
      [templateWith({ crd, targets: [] }), /exactly one target/],
      [templateWith({ crd, targets: [{ target: 'audit.example.com', rego: 'package x' }] }), /only supported target is admission.k8s.gatekeeper.sh/],
      [templateWith({ crd, targets: [{ target: 'admission.k8s.gatekeeper.sh' }] }), /spec.targets\[0\].rego must hold the template's Rego/],
      [templateWith({ crd, targets: [{ target: 'admission.k8s.gatekeeper.sh', code: [{ engine: 'K8sNativeValidation', source: {} }] }] }), /no Rego \(only other engines\)/],
      [templateWith({ crd, targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: 'package x', libs: 'package lib.y' }] }), /libs must be a list/],
      [templateWith({ crd, targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: 'package x', libs: [3] }] }), /libs\[0\] must be a Rego source/],
      [templateWith({ crd, targets: [{ target: 'admission.k8s.gatekeeper.sh', code: [{ engine: 'Rego', source: { rego: 'package x', version: 'v2' } }] }] }), /version must be v0 or v1/],
    ];
    for (const [document, message] of cases) {
      const result = readTemplate(document);
      expect('message' in result && result.message, JSON.stringify(document.object)).toMatch(message);
    }
    const located = readTemplate(one(templateYaml('K8sThing', 'package x').replace('name: k8sthing', 'name: wrong')));
    expect(located).toMatchObject({ file: 'policy.yaml', line: 4 });
  });
});

describe('reading constraints', () => {
  it('defaults parameters to {} and the action to deny', () => {
    const constraint = readConstraint(one(constraintYaml('K8sThing', 'plain')));
    expect(constraint).toMatchObject({ kind: 'K8sThing', name: 'plain', parameters: {}, actions: ['deny'], match: { scope: '*' } });
  });

  it('maps enforcementAction deny, warn and dryrun to deny, warn and audit', () => {
    const action = (value: string): unknown => {
      const constraint = readConstraint(one(constraintYaml('K8sThing', 'c', `  enforcementAction: ${value}\n`)));
      return 'actions' in constraint ? constraint.actions : constraint.message;
    };
    expect(action('deny')).toEqual(['deny']);
    expect(action('warn')).toEqual(['warn']);
    expect(action('dryrun')).toEqual(['audit']);
    expect(action('Deny')).toEqual(['deny']);
    expect(action('block')).toMatch(/unknown enforcementAction "block"/);
  });

  it('reads scoped enforcement actions for the webhook and gator, and audit-only ones as audit', () => {
    const scoped = (entries: string): unknown => {
      const constraint = readConstraint(one(constraintYaml('K8sThing', 'c', `  enforcementAction: scoped\n  scopedEnforcementActions:\n${entries}`)));
      return 'actions' in constraint ? constraint.actions : constraint.message;
    };
    expect(scoped('    - action: warn\n      enforcementPoints: [{name: validation.gatekeeper.sh}]\n    - action: deny\n      enforcementPoints: [{name: audit.gatekeeper.sh}]\n')).toEqual(['warn']);
    expect(scoped('    - action: deny\n      enforcementPoints: [{name: "*"}]\n')).toEqual(['deny']);
    expect(scoped('    - action: deny\n      enforcementPoints: [{name: audit.gatekeeper.sh}]\n')).toEqual(['audit']);
    expect(scoped('    - action: explode\n      enforcementPoints: [{name: "*"}]\n')).toMatch(/need an action of deny, warn or dryrun/);
    expect(scoped('    - action: deny\n      enforcementPoints: [{}]\n')).toMatch(/enforcementPoints need a name/);
    expect(scoped('    []\n')).toMatch(/needs a list of scopedEnforcementActions/);
  });

  it('refuses malformed constraints with the line of the offending field', () => {
    const cases: Array<[string, RegExp, number]> = [
      [constraintYaml('K8sThing', 'c', '  parameters: [1, 2]\n'), /K8sThing c: spec.parameters must be a map/, 6],
      [constraintYaml('K8sThing', 'c', '  match:\n    kinds: Pod\n'), /K8sThing c: spec.match.kinds must be a list/, 6],
      [constraintYaml('K8sThing', 'c', '  enforcementAction: [deny]\n'), /enforcementAction must be a string/, 6],
      ['apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sThing\nmetadata: {}\n', /K8sThing constraint: metadata.name is required/, 3],
      [constraintYaml('K8sThing', 'c', '  - not a map\n'), /spec must be a map/, 5],
    ];
    for (const [text, message, line] of cases) {
      const result = readConstraint(one(text));
      expect(result, text).toMatchObject({ file: 'policy.yaml', line, message: expect.stringMatching(message) });
    }
  });
});
