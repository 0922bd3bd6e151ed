import { celEnv, isCelError, plan, type CelEnv, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { authorizerFunctions } from './library/authorizer.js';
import { ipFunctions } from './library/ip.js';
import { listFunctions, setFunctions } from './library/lists.js';
import { optionalFunctions } from './library/optional.js';
import { quantityFunctions } from './library/quantity.js';
import { re2, regexFunctions } from './library/regex.js';
import { semverFunctions } from './library/semver.js';
import { urlFunctions } from './library/url.js';
import { opaqueRegistry } from './opaque.js';
import { parseExpression } from './syntax.js';

/** The variables a ValidatingAdmissionPolicy's expressions see. */
export type CelBindings = Record<string, CelValue>;

/**
 * Kubernetes' CEL environment on @bufbuild/cel: the standard library and macros, cel-go's strings extension (from
 * @bufbuild/cel) and sets, and the Kubernetes libraries written here (lists, regex, quantity, IP/CIDR, semver, URLs,
 * authorizer, optional).
 */
const environment: CelEnv = celEnv({
  registry: opaqueRegistry,
  re2,
  funcs: [
    ...strings, ...optionalFunctions, ...listFunctions, ...setFunctions, ...regexFunctions, ...quantityFunctions,
    ...ipFunctions, ...semverFunctions, ...urlFunctions, ...authorizerFunctions,
  ],
});

export type CompiledExpression = (bindings: CelBindings) => CelValue;

export class CelEvaluationError extends Error {}

/** Every variable a ValidatingAdmissionPolicy expression may name. */
export const POLICY_VARIABLES: ReadonlySet<string> = new Set(['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables', 'authorizer']);

const isFunction = (name: string) => environment.funcs.find(name) !== undefined;

/**
 * Parses, checks and plans once; the result evaluates with the given bindings and throws CelEvaluationError on a
 * CEL error. Throws CelSyntaxError when the expression does not compile.
 */
export function compileExpression(source: string, variables: ReadonlySet<string> = POLICY_VARIABLES): CompiledExpression {
  const program = plan(environment, parseExpression(source, { variables, isFunction }));
  return (bindings) => {
    const result = program(bindings);
    if (isCelError(result)) throw new CelEvaluationError(result.message);
    return result;
  };
}
