import type { CelMap, CelValue } from '@bufbuild/cel';
import { celError } from '@bufbuild/cel';

/**
 * The `variables` map: each variable is evaluated the first time an expression reads it and then remembered for
 * the rest of the policy's evaluation, as the apiserver's lazy map does, so a variable nothing reads never fails.
 * @bufbuild/cel recognises maps by a registered symbol and reads them through `get`, which is all this provides.
 */
const CEL_MAP: unique symbol = Symbol.for('@bufbuild/cel/map') as never;

export class LazyVariables {
  readonly [CEL_MAP] = {};
  private readonly cache = new Map<string, CelValue | Error>();
  private readonly evaluating = new Set<string>();

  constructor(private readonly evaluators: ReadonlyMap<string, () => CelValue>) {}

  get size(): number {
    return this.evaluators.size;
  }

  has(key: unknown): boolean {
    return typeof key === 'string' && this.evaluators.has(key);
  }

  get(key: unknown): CelValue | undefined {
    if (typeof key !== 'string') return undefined;
    const evaluate = this.evaluators.get(key);
    if (!evaluate) return undefined;
    let value = this.cache.get(key);
    if (value === undefined) {
      if (this.evaluating.has(key)) return celError(`variable '${key}' refers to itself`) as unknown as CelValue;
      this.evaluating.add(key);
      try {
        value = evaluate();
      } catch (error) {
        value = error instanceof Error ? error : new Error(String(error));
      } finally {
        this.evaluating.delete(key);
      }
      this.cache.set(key, value);
    }
    // An error stays an error for every expression that reads the variable; CEL carries it as a value.
    return value instanceof Error ? (celError(value) as unknown as CelValue) : value;
  }

  keys(): IterableIterator<string> {
    return this.evaluators.keys();
  }

  *values(): IterableIterator<CelValue> {
    for (const key of this.evaluators.keys()) yield this.get(key)!;
  }

  *entries(): IterableIterator<[string, CelValue]> {
    for (const key of this.evaluators.keys()) yield [key, this.get(key)!];
  }

  forEach(callback: (value: CelValue, key: string) => void): void {
    for (const [key, value] of this.entries()) callback(value, key);
  }

  [Symbol.iterator](): IterableIterator<[string, CelValue]> {
    return this.entries();
  }

  /** The map as CEL sees it. */
  asCelMap(): CelMap {
    return this as unknown as CelMap;
  }
}
