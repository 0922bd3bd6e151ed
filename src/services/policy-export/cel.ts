/**
 * Building blocks for the CEL a rule is exported as. Every rule's CEL is a `list(string)` of the messages the rule
 * would report, in the order it reports them (an entry may be '' or several messages joined by '; ', for rules that
 * report a variable number per container): the policy denies when the list is not empty, and its message is the same
 * text a `rampart scan` finding carries.
 *
 * Only CEL libraries present since Kubernetes 1.30 (ValidatingAdmissionPolicy v1) are used: optional field
 * selection (`.?`, `orValue`) and `join` from the strings extension; `sort` and `flatten` (1.34) are not.
 */

/** The pod template of the object under review, and the lists every pod rule reads; declared as policy variables. */
export const TEMPLATE = 'variables.template';
export const SPEC = 'variables.spec';
export const ANNOTATIONS = 'variables.annotations';
export const CONTAINERS = 'variables.containers';

/** A single-quoted CEL string literal: the messages' double quotes then read as written. */
export function lit(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/**
 * `JSON.stringify(value)` of a string value, as the rules word the values they quote. Written by the API server's
 * typed decoding, the fields quoted here are strings.
 */
export function quoted(expression: string): string {
  return `('"' + (${expression}).replace('\\\\', '\\\\\\\\').replace('"', '\\\\"') + '"')`;
}

/** A message as concatenated CEL: literal text between interpolated CEL string expressions. */
export function msg(strings: TemplateStringsArray, ...expressions: string[]): string {
  const parts: string[] = [];
  strings.forEach((text, index) => {
    if (text !== '') parts.push(lit(text));
    if (index < expressions.length) parts.push(`(${expressions[index]})`);
  });
  return parts.length === 0 ? "''" : parts.join(' + ');
}

/** `[message]` when `condition` holds, else `[]`. */
export function when(condition: string, message: string): string {
  return `(${condition} ? [${message}] : [])`;
}

/** The messages of one list's elements: the 3-argument `map` macro filters and maps in one pass. */
export function each(list: string, variable: string, condition: string, message: string): string {
  return `${list}.map(${variable}, ${condition}, ${message})`;
}

/** One entry per element of `list` holding its messages (a CEL list of strings) joined; '' when there are none. */
export function eachJoined(list: string, variable: string, messages: string): string {
  return `${list}.map(${variable}, (${messages}).join('; '))`;
}

/** Several message lists in report order, as one. */
export function concat(...lists: string[]): string {
  return lists.length === 0 ? '[]' : lists.length === 1 ? lists[0]! : `(${lists.join(' + ')})`;
}

/** No messages when `condition` holds: the exemptions pod-security-admission grants some pods. */
export function unless(condition: string, messages: string): string {
  return `(${condition} ? [] : ${messages})`;
}

export const IS_WINDOWS = `${SPEC}.?os.?name.orValue('') == 'windows'`;
export const IN_USER_NAMESPACE = `${SPEC}.?hostUsers.orValue(true) == false`;

/** `container "<name>"`, as the rules name a container. */
export const CONTAINER = (variable = 'c'): string => msg`container "${`${variable}.name`}"`;

/** A CEL list literal of string constants, for `in` tests. */
export function stringList(values: Iterable<string>): string {
  return `[${[...values].map(lit).join(', ')}]`;
}

/**
 * Where each matched kind keeps its pod template (metadata and spec), as `parsers/kubernetes/workloads.ts` reads
 * it. `dyn` keeps the API server's per-kind type check from reporting `spec.template` missing on a Pod.
 */
export function podTemplateOf(root: string): string {
  const object = `dyn(${root})`;
  return (
    `${root}.kind == 'Pod' ? ${object} : ${root}.kind == 'CronJob' ? ${object}.spec.jobTemplate.spec.template : ` +
    `${root}.kind == 'PodTemplate' ? ${object}.template : ${object}.spec.template`
  );
}

/** The variables every pod-template policy declares (unused ones cost nothing: variables are evaluated lazily). */
export const POD_VARIABLES: ReadonlyArray<{ name: string; expression: string }> = [
  { name: 'template', expression: podTemplateOf('object') },
  { name: 'spec', expression: `${TEMPLATE}.spec` },
  { name: 'annotations', expression: `${TEMPLATE}.?metadata.?annotations.orValue({})` },
  {
    name: 'containers',
    expression: `${SPEC}.?containers.orValue([]) + ${SPEC}.?initContainers.orValue([]) + ${SPEC}.?ephemeralContainers.orValue([])`,
  },
];

/**
 * Updates that leave the pod template alone (a finalizer removed, a replica count or status-like field changed) are
 * not judged again, like pod-security-admission: otherwise an object admitted before the policy existed could not
 * even be cleaned up. A Pod's template is its spec and annotations.
 */
export const TEMPLATE_CHANGED = {
  name: 'pod-template-changed',
  expression:
    "request.operation != 'UPDATE' || (object.kind == 'Pod' ? " +
    '[dyn(object).spec, dyn(object).metadata.?annotations.orValue({})] != [dyn(oldObject).spec, dyn(oldObject).metadata.?annotations.orValue({})] : ' +
    `(${podTemplateOf('object')}) != (${podTemplateOf('oldObject')}))`,
};
