/**
 * Runtime cost, as the apiserver limits it: each expression may spend `perCallLimit` (celconfig.PerCallLimit,
 * 1,000,000) and one policy's evaluation of one request `policyBudget` (celconfig.RuntimeCELCostBudget, 10,000,000).
 * @bufbuild/cel counts nothing, so the compiler charges the places where cost grows with the input: a
 * comprehension, before it starts, for every element of its range times the size of its step (so a loop that would
 * exceed the limit never runs, and one that `exists` leaves early is charged in full, which cel-go would not do) and the library functions that walk strings or lists (their
 * length). The figures approximate cel-go's; what they guarantee is that a runaway expression stops.
 */

export const DEFAULT_PER_CALL_LIMIT = 1_000_000;
export const POLICY_BUDGET = 10_000_000;

export class CostLimitError extends Error {
  constructor(limit: 'expression' | 'policy') {
    super(limit === 'expression'
      ? 'operation cancelled: actual cost limit exceeded'
      : 'validation failed due to running out of cost budget, no further validation rules will be run');
  }
}

interface Meter {
  spent: number;
  perCallLimit: number;
  policyLeft: number;
}

/** Evaluation is synchronous, so the expression running now is the only one charging. */
let current: Meter | undefined;

export function charge(amount: number): void {
  if (!current) return;
  current.spent += amount;
  if (current.spent > current.perCallLimit) throw new CostLimitError('expression');
  if (current.spent > current.policyLeft) throw new CostLimitError('policy');
}

/** One policy's evaluation of one request: the expressions it runs draw on one budget. */
export class PolicyBudget {
  private left = POLICY_BUDGET;
  constructor(private readonly perCallLimit: number) {}

  /** Runs one expression with its own per-call limit, charging what it spent to the policy. */
  run<T>(evaluate: () => T): T {
    if (this.left <= 0) throw new CostLimitError('policy');
    const outer = current;
    const meter: Meter = { spent: 0, perCallLimit: this.perCallLimit, policyLeft: this.left };
    current = meter;
    try {
      const result = evaluate();
      // A cost error inside an expression is a CEL error that `||` or `&&` could absorb; the limit must still hold.
      if (meter.spent > meter.perCallLimit) throw new CostLimitError('expression');
      if (meter.spent > meter.policyLeft) throw new CostLimitError('policy');
      return result;
    } finally {
      current = outer;
      this.left -= meter.spent;
    }
  }

  get exhausted(): boolean {
    return this.left <= 0;
  }
}
