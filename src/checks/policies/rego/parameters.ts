import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { asRecord, getPath } from '../../../parsers/kubernetes/values.js';
import type { PolicyDocument, PolicyLoadError } from '../types.js';
import { documentLocation, type Constraint } from './objects.js';

/**
 * Gatekeeper makes each template's `spec.crd.spec.validation.openAPIV3Schema` the schema of its constraints'
 * `spec.parameters`, so the apiserver refuses a constraint whose parameters do not fit. Offline, the same schema is
 * checked with Ajv: OpenAPI's `nullable` is understood, Kubernetes' `x-kubernetes-*` extensions and formats are not
 * enforced (the apiserver prunes unknown fields rather than refusing them, and so does nothing here).
 */

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });

export type ParameterCheck = (constraint: Constraint, document: PolicyDocument) => PolicyLoadError[];

/** The check for one template's constraints, or an error when its schema itself is not valid. */
export function parameterCheck(template: PolicyDocument, kind: string): ParameterCheck | PolicyLoadError {
  const schemaPath = ['spec', 'crd', 'spec', 'validation', 'openAPIV3Schema'];
  const schema = getPath(template.object, schemaPath);
  if (schema === undefined || schema === null) return () => [];
  let validate: ValidateFunction;
  try {
    if (!asRecord(schema)) throw new Error('it must be a map');
    validate = ajv.compile(schema as Record<string, unknown>);
  } catch (error) {
    return { file: template.file, line: documentLocation(template, schemaPath).startLine, message: `ConstraintTemplate ${kind.toLowerCase()}: ${schemaPath.join('.')} is not a valid schema: ${(error as Error).message}` };
  }
  return (constraint, document) => {
    if (validate(constraint.parameters)) return [];
    return (validate.errors ?? []).map((error) => {
      const path = ['spec', 'parameters', ...pointerSegments(error)];
      return {
        file: document.file,
        line: documentLocation(document, nearestExisting(document.object, path)).startLine,
        message: `${constraint.kind} ${constraint.name}: ${path.join('.')}: Invalid value: ${describe(error)}`,
      };
    });
  };
}

function pointerSegments(error: ErrorObject): string[] {
  const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  return missing ? [...segments, missing] : segments;
}

/** The apiserver's words for the common keywords, Ajv's for the rest. */
function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'type':
      return `must be of type ${String((error.params as { type?: unknown }).type)}`;
    case 'required':
      return 'Required value';
    case 'enum':
      return `must be one of ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? error.keyword;
  }
}

/** A missing field has no line: the error points at the nearest field above it that is written. */
function nearestExisting(object: Record<string, unknown>, path: Array<string | number>): Array<string | number> {
  const numeric = path.map((segment) => (typeof segment === 'string' && /^\d+$/.test(segment) ? Number(segment) : segment));
  let depth = numeric.length;
  while (depth > 0 && getPath(object, numeric.slice(0, depth)) === undefined) depth -= 1;
  return numeric.slice(0, depth);
}
