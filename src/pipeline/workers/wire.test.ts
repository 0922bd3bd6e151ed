import { describe, expect, it } from 'vitest';
import { kubernetesSetRules } from '../../checks/rules/kubernetes/index.js';
import { parseYamlFile } from '../../parsers/kubernetes/documents.js';
import { extractObjects } from '../../parsers/kubernetes/objects.js';
import { retainForSetRules } from '../retain.js';
import { fromWire, toWire } from './wire.js';

const TEXT =
  '# leading comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-read\ndata:\n  big: |\n    line one\n    line two\n' +
  '---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata:\n    name: first\n  rules:\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get]\n' +
  '- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata:\n    name: second\n    namespace: ns\n  spec:\n    podSelector: {}\n    policyTypes: [Ingress]\n';

/** The kept objects of TEXT, in the scanning thread and after a trip through a worker's message channel. */
function keptBothWays() {
  const objects = extractObjects(parseYamlFile('f.yaml', TEXT)).map((object) => retainForSetRules(object, kubernetesSetRules));
  const outcome = { hits: [], errors: [], directives: [], resources: objects.length, kept: objects };
  const travelled = fromWire(structuredClone(toWire(outcome, TEXT)), () => {
    throw new Error('no hits here');
  });
  return { local: objects, travelled: travelled.kept };
}

describe('kept objects sent from a file worker', () => {
  it('locate every field, present or missing, where the scanning thread locates it', () => {
    const { local, travelled } = keptBothWays();
    expect(travelled.map((o) => o.name)).toEqual(['not-read', 'first', 'second']);
    const paths = [[], ['metadata', 'name'], ['rules', 0, 'verbs'], ['rules', 0, 'verbs', 0], ['spec', 'podSelector'], ['spec', 'missing', 'deeper'], ['kind']];
    for (const [i, object] of local.entries()) {
      for (const path of paths) expect(travelled[i]!.locate(path)).toEqual(object.locate(path));
    }
  });

  it('keep what set rules and fixes read: the pruned value, identity, document and edit target', () => {
    const { local, travelled } = keptBothWays();
    for (const [i, object] of local.entries()) {
      const copy = travelled[i]!;
      expect(copy.raw).toEqual(object.raw);
      expect([copy.apiVersion, copy.kind, copy.namespace, copy.basePath, copy.editable]).toEqual([object.apiVersion, object.kind, object.namespace, object.basePath, object.editable]);
      expect([copy.document.file, copy.document.index, copy.document.startLine, copy.document.endLine]).toEqual([object.document.file, object.document.index, object.document.startLine, object.document.endLine]);
    }
  });
});
