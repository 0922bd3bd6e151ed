import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { asRecord } from '../../../parsers/kubernetes/values.js';
import type { PolicyFailure, PolicyInventory, PolicyRequest, PolicyResult, PolicySet, PolicyViolation } from '../types.js';
import { matches } from './match.js';
import type { Constraint } from './objects.js';
import { inventoryDocument, reviewOf, subjectsOf } from './review.js';

/** A compiled template, loaded once and reused for every object. */
export interface LoadedTemplate {
  kind: string;
  policy: LoadedPolicy;
  /** Templates that never mention the inventory are not handed it, so a large inventory costs them nothing. */
  readsInventory: boolean;
}

interface ReadyConstraint extends Constraint {
  template: LoadedTemplate;
  /** `,"parameters":{...}}` encoded once, so each evaluation only joins bytes around the encoded review. */
  parametersTail: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * How long one constraint may take on one object. OPA's WebAssembly runs synchronously and cannot be interrupted
 * (opa-wasm has no instruction budget, and a worker would put a thread hop on every admission), so the limit is
 * checked when an evaluation returns: a template that went over it is reported and not evaluated again by this
 * set, so a runaway template costs one slow object, not a whole scan or every admission request.
 */
export const DEFAULT_EVALUATION_LIMIT_MS = 1_000;

export class RegoPolicySet implements PolicySet {
  readonly policies: PolicySet['policies'];
  private readonly constraints: ReadyConstraint[];
  /** Which inventory each template's wasm memory holds now. */
  private readonly loadedInventory = new Map<LoadedTemplate, PolicyInventory | undefined>();
  private readonly inventoryJson = new WeakMap<PolicyInventory, ArrayBuffer>();
  /** Templates that went over the time limit, with what to report instead of evaluating them again. */
  private readonly runaway = new Map<LoadedTemplate, string>();

  constructor(constraints: ReadonlyArray<{ constraint: Constraint; template: LoadedTemplate }>, private readonly limitMs = DEFAULT_EVALUATION_LIMIT_MS) {
    this.constraints = constraints.map(({ constraint, template }) => ({
      ...constraint,
      template,
      parametersTail: encoder.encode(`,"parameters":${JSON.stringify(constraint.parameters)}}`),
    }));
    this.policies = this.constraints.map((c) => ({ name: c.name, kind: c.kind, location: c.location }));
  }

  evaluate(request: PolicyRequest, inventory?: PolicyInventory): PolicyResult {
    const result: PolicyResult = { violations: [], failures: [], auditAnnotations: {} };
    if (this.constraints.length === 0) return result;
    const subjects = subjectsOf(request);
    let review: Uint8Array | undefined;
    for (const constraint of this.constraints) {
      // Gatekeeper matches a request when either its object or its old object matches.
      let matched = false;
      let matchError: string | undefined;
      for (const subject of subjects) {
        const outcome = matches(constraint.match, subject);
        if (outcome === true) matched = true;
        else if (typeof outcome === 'object') matchError ??= outcome.error;
      }
      if (!matched) {
        // Gatekeeper's webhook fails open on a match error (its failurePolicy is Ignore); the audit reports it.
        if (matchError) result.failures.push(this.failure(constraint, matchError, 'Ignore'));
        continue;
      }
      const stopped = this.runaway.get(constraint.template);
      if (stopped) {
        result.failures.push(this.failure(constraint, stopped, 'Fail'));
        continue;
      }
      review ??= encoder.encode(`{"review":${JSON.stringify(reviewOf(request))}`);
      try {
        if (constraint.template.readsInventory) this.useInventory(constraint.template, inventory);
        const input = new Uint8Array(review.length + constraint.parametersTail.length);
        input.set(review);
        input.set(constraint.parametersTail, review.length);
        const started = performance.now();
        const output: unknown = constraint.template.policy.evaluate(input.buffer);
        const took = performance.now() - started;
        if (took > this.limitMs) {
          const message = `evaluation took ${Math.round(took)} ms, over the ${this.limitMs} ms limit: template ${constraint.template.kind} is not evaluated again`;
          this.runaway.set(constraint.template, message);
          result.failures.push(this.failure(constraint, message, 'Fail'));
          continue;
        }
        this.collect(constraint, output, result);
      } catch (error) {
        // The constraint framework turns an evaluation error into a result carrying the error, which denies.
        result.failures.push(this.failure(constraint, `evaluation failed: ${describe(error)}`, 'Fail'));
      }
    }
    return result;
  }

  private collect(constraint: ReadyConstraint, output: unknown, result: PolicyResult): void {
    const set = Array.isArray(output) ? asRecord(output[0])?.result : undefined;
    // An undefined `violation` (a rule body over missing data) is no violation, as in Gatekeeper.
    if (set === undefined) return;
    if (!Array.isArray(set)) throw new Error('violation is not a set');
    for (const entry of set) {
      const message = asRecord(entry)?.msg;
      if (typeof message !== 'string') {
        result.failures.push(this.failure(constraint, 'a violation has no string "msg"', 'Fail'));
        continue;
      }
      const violation: PolicyViolation = {
        policy: constraint.name,
        policyKind: constraint.kind,
        message,
        actions: constraint.actions,
        policyLocation: constraint.location,
      };
      result.violations.push(violation);
    }
  }

  private useInventory(template: LoadedTemplate, inventory: PolicyInventory | undefined): void {
    if (this.loadedInventory.has(template) && this.loadedInventory.get(template) === inventory) return;
    // A load that fails part-way (out of memory) leaves the old data overwritten: forget it before loading.
    this.loadedInventory.delete(template);
    template.policy.setData(inventory ? this.inventoryData(inventory) : {});
    this.loadedInventory.set(template, inventory);
  }

  private inventoryData(inventory: PolicyInventory): ArrayBuffer {
    let data = this.inventoryJson.get(inventory);
    if (!data) {
      data = exactBuffer(encoder.encode(JSON.stringify(inventoryDocument(inventory))));
      this.inventoryJson.set(inventory, data);
    }
    return data;
  }

  private failure(constraint: ReadyConstraint, message: string, failurePolicy: PolicyFailure['failurePolicy']): PolicyFailure {
    return { policy: constraint.name, policyKind: constraint.kind, message, failurePolicy, policyLocation: constraint.location };
  }
}

/** opa-wasm takes pre-encoded JSON only as an ArrayBuffer holding exactly the text. */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  return byteOffset === 0 && byteLength === buffer.byteLength ? (buffer as ArrayBuffer) : (buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
}

/**
 * opa-wasm throws strings and plain objects as well as Errors. Positions in them name the temporary directory the
 * template was compiled in, which says nothing to a reader; the module name and line stay.
 */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : asRecord(error)?.message;
  const text = typeof message === 'string' ? message : JSON.stringify(error);
  return text.replace(/[^\s:]*\/rampart-opa-[^/\s]+\//g, '');
}
