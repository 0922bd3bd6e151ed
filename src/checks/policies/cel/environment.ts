import { celEnv, isCelError, plan, type CelEnv, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { authorizerFunctions } from './library/authorizer.js';
import { extensionFunctions, JSON_PATCH_ESCAPE, jsonPatchFunctions } from './library/extensions.js';
import { ipFunctions } from './library/ip.js';
import { listExtensionFunctions, listFunctions, setFunctions } from './library/lists.js';
import { optionalFunctions } from './library/optional.js';
import { quantityFunctions } from './library/quantity.js';
import { re2, regexFunctions } from './library/regex.js';
import { semverFunctions } from './library/semver.js';
import { urlFunctions } from './library/url.js';
import { opaqueRegistry } from './opaque.js';
import { parseExpression, type TypedLiterals } from './syntax.js';

/** The variables a ValidatingAdmissionPolicy's expressions see. */
export type CelBindings = Record<string, CelValue>;

/**
 * Kubernetes' CEL environment on @bufbuild/cel: the standard library and macros, cel-go's strings extension (from
 * @bufbuild/cel) and sets, and the Kubernetes libraries written here (lists, regex, quantity, IP/CIDR, semver, URLs,
 * authorizer, optional), cel-go's extensions Kubernetes enables (math, two-variable comprehensions, `cel.bind`) and
 * the MutatingAdmissionPolicy library (`jsonpatch`), which only mutating policies may call.
 */
const environment: CelEnv = celEnv({
  registry: opaqueRegistry,
  re2,
  funcs: [
    ...strings, ...optionalFunctions, ...listFunctions, ...listExtensionFunctions, ...setFunctions, ...regexFunctions, ...quantityFunctions,
    ...ipFunctions, ...semverFunctions, ...urlFunctions, ...authorizerFunctions, ...extensionFunctions, ...jsonPatchFunctions,
  ],
});

export type CompiledExpression = (bindings: CelBindings) => CelValue;

export class CelEvaluationError extends Error {}

/** Every variable a ValidatingAdmissionPolicy expression may name. */
export const POLICY_VARIABLES: ReadonlySet<string> = new Set(['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables', 'authorizer']);

const isFunction = (name: string) => name !== JSON_PATCH_ESCAPE && environment.funcs.find(name) !== undefined;
const isMutatingFunction = (name: string) => environment.funcs.find(name) !== undefined;

/** A MutatingAdmissionPolicy's expressions build `Object{...}` (the object and its nested types) and `JSONPatch{...}`. */
export const MUTATION_LITERALS: TypedLiterals = (name) => name === 'Object' || name.startsWith('Object.') || name === 'JSONPatch';

export interface CompileOptions {
  /** Typed literals and the jsonpatch library, which only a MutatingAdmissionPolicy's environment declares. */
  mutating?: boolean;
}

/**
 * Parses, checks and plans once; the result evaluates with the given bindings and throws CelEvaluationError on a
 * CEL error. Throws CelSyntaxError when the expression does not compile.
 */
export function compileExpression(source: string, variables: ReadonlySet<string> = POLICY_VARIABLES, options: CompileOptions = {}): CompiledExpression {
  const references = options.mutating ? { variables, isFunction: isMutatingFunction, typedLiterals: MUTATION_LITERALS } : { variables, isFunction };
  const program = plan(environment, parseExpression(source, references));
  return (bindings) => {
    const result = program(bindings);
    if (isCelError(result)) throw new CelEvaluationError(result.message);
    return result;
  };
}
