import { parse } from '@bufbuild/cel';
import { create } from '@bufbuild/protobuf';
import {
  ExprSchema, Expr_CallSchema, ConstantSchema, type Expr,
} from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

/**
 * @bufbuild/cel's parser does not read CEL's optional syntax (`a.?b`, `a[?k]`), which Kubernetes enables and
 * policies use. Before parsing, `a.?b` is spelled `a.<marker>b` and `a[?k]` `a[<marker>(k)]`, both plain CEL; after
 * parsing, those nodes (and every select or index applied to an optional, which cel-go makes optional too) become
 * calls of the optional library's select and index functions. The same walk makes every comprehension charge the
 * cost meter for its range before it starts.
 */

export const OPTIONAL_SELECT = 'rampart.optional.select';
export const OPTIONAL_INDEX = 'rampart.optional.index';
export const RANGE_COST = 'rampart.cost.range';

const SELECT_MARKER = '__rampart_optsel__';
const INDEX_MARKER = '__rampart_optidx__';
/** Calls whose result is an optional value, so selects and indexes on it are optional too. */
const OPTIONAL_FUNCTIONS = new Set(['optional.of', 'optional.ofNonZeroValue', 'optional.none', 'or', OPTIONAL_SELECT, OPTIONAL_INDEX]);

export class CelSyntaxError extends Error {}

interface Rewritten {
  text: string;
  /** For each offset of `text`, the offset in the original it came from. */
  origin: number[];
}

/** Spells the optional syntax in plain CEL and blanks comments; throws CelSyntaxError for optional list and map entries. */
function rewriteOptionalSyntax(source: string): Rewritten {
  let text = '';
  const origin: number[] = [];
  const emit = (piece: string, from: number) => {
    text += piece;
    for (let k = 0; k < piece.length; k++) origin.push(from);
  };
  const brackets: Array<'index' | 'optional-index' | 'list' | 'paren' | 'brace'> = [];
  let previousIsValue = false;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      // @bufbuild/cel's parser does not read CEL's comments; blanks keep the columns.
      emit(' '.repeat(stop - i), i);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < source.length && !source.startsWith(quote, j)) j += source[j] === '\\' ? 2 : 1;
      const stop = Math.min(source.length, j + quote.length);
      emit(source.slice(i, stop), i);
      i = stop;
      previousIsValue = true;
      continue;
    }
    if (/\s/.test(c)) {
      emit(c, i);
      i += 1;
      continue;
    }
    if (/[A-Za-z0-9_]/.test(c)) {
      let j = i;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j]!)) j += 1;
      emit(source.slice(i, j), i);
      i = j;
      previousIsValue = true;
      continue;
    }
    const nextNonSpace = () => {
      let j = i + 1;
      while (j < source.length && /\s/.test(source[j]!)) j += 1;
      return j;
    };
    if (c === '.' && source[nextNonSpace()] === '?') {
      emit(`.${SELECT_MARKER}`, i);
      i = nextNonSpace() + 1;
      previousIsValue = false;
      continue;
    }
    if (c === '[') {
      const j = nextNonSpace();
      const optional = source[j] === '?';
      if (optional && !previousIsValue) throw new CelSyntaxError(`optional list elements ([?x]) are not supported (offset ${i})`);
      brackets.push(optional ? 'optional-index' : previousIsValue ? 'index' : 'list');
      emit(optional ? `[${INDEX_MARKER}(` : '[', i);
      i = optional ? j + 1 : i + 1;
      previousIsValue = false;
      continue;
    }
    if ((c === ',' || c === '{') && source[nextNonSpace()] === '?') {
      throw new CelSyntaxError(`optional list or map entries ({?k: v}) are not supported (offset ${i})`);
    }
    if (c === '(' || c === '{') brackets.push(c === '(' ? 'paren' : 'brace');
    if (c === ']' && brackets.pop() === 'optional-index') {
      emit(')]', i);
    } else {
      if (c === ')' || c === '}') brackets.pop();
      emit(c, i);
    }
    previousIsValue = c === ')' || c === ']' || c === '}';
    i += 1;
  }
  origin.push(source.length);
  return { text, origin };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Parse errors name positions in the rewritten text; point them at the policy's own text. */
function mapParseError(message: string, source: string, rewritten: Rewritten): string {
  return message.replace(/<input>:(\d+):(\d+):/, (_all, lineText: string, columnText: string) => {
    const lines = rewritten.text.split('\n');
    let offset = Number(columnText) - 1;
    for (let k = 0; k < Number(lineText) - 1 && k < lines.length; k++) offset += lines[k]!.length + 1;
    const original = rewritten.origin[Math.min(offset, rewritten.origin.length - 1)] ?? 0;
    const { line, column } = lineColumn(source, original);
    return `<input>:${line}:${column}:`;
  });
}

class Transformer {
  private nextId: bigint;
  constructor(maxId: bigint) {
    this.nextId = maxId + 1n;
  }

  private call(fn: string, args: Expr[]): Expr {
    return create(ExprSchema, { id: this.nextId++, exprKind: { case: 'callExpr', value: create(Expr_CallSchema, { function: fn, args }) } });
  }

  private constant(value: string | bigint): Expr {
    const constantKind = typeof value === 'string' ? { case: 'stringValue' as const, value } : { case: 'int64Value' as const, value };
    return create(ExprSchema, { id: this.nextId++, exprKind: { case: 'constExpr', value: create(ConstantSchema, { constantKind }) } });
  }

  /** Rewrites `expr` in place; returns whether its value is an optional. */
  walk(expr: Expr): boolean {
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'selectExpr': {
        const select = kind.value;
        const operandOptional = select.operand ? this.walk(select.operand) : false;
        const marked = select.field.startsWith(SELECT_MARKER);
        if (select.operand && !select.testOnly && (marked || operandOptional)) {
          const field = marked ? select.field.slice(SELECT_MARKER.length) : select.field;
          expr.exprKind = { case: 'callExpr', value: create(Expr_CallSchema, { function: OPTIONAL_SELECT, args: [select.operand, this.constant(field)] }) };
          return true;
        }
        if (marked) throw new CelSyntaxError(`'.?${select.field.slice(SELECT_MARKER.length)}' cannot be tested with has()`);
        return false;
      }
      case 'callExpr': {
        const call = kind.value;
        if (call.function === '_[_]' && call.args.length === 2) {
          const [operand, index] = call.args as [Expr, Expr];
          const operandOptional = this.walk(operand);
          const marked = index.exprKind.case === 'callExpr' && index.exprKind.value.function === INDEX_MARKER && index.exprKind.value.args.length === 1;
          const key = marked && index.exprKind.case === 'callExpr' ? index.exprKind.value.args[0]! : index;
          this.walk(key);
          if (!marked && !operandOptional) return false;
          call.function = OPTIONAL_INDEX;
          call.args = [operand, key];
          return true;
        }
        if (call.function === INDEX_MARKER) throw new CelSyntaxError('[?...] is only valid as an index');
        const targetOptional = call.target ? this.walk(call.target) : false;
        for (const arg of call.args) this.walk(arg);
        const qualified = call.target?.exprKind.case === 'identExpr' ? `${call.target.exprKind.value.name}.${call.function}` : call.function;
        return OPTIONAL_FUNCTIONS.has(qualified) || (call.function === 'or' && targetOptional);
      }
      case 'listExpr':
        for (const element of kind.value.elements) this.walk(element);
        return false;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') this.walk(entry.keyKind.value);
          if (entry.value) this.walk(entry.value);
        }
        return false;
      case 'comprehensionExpr': {
        const loop = kind.value;
        for (const part of [loop.iterRange, loop.accuInit, loop.loopCondition, loop.loopStep, loop.result]) if (part) this.walk(part);
        if (loop.iterRange) {
          const stepSize = 1n + BigInt(loop.loopStep ? countNodes(loop.loopStep) : 0);
          loop.iterRange = this.call(RANGE_COST, [loop.iterRange, this.constant(stepSize)]);
        }
        return false;
      }
      default:
        return false;
    }
  }
}

function children(expr: Expr): Expr[] {
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'selectExpr':
      return kind.value.operand ? [kind.value.operand] : [];
    case 'callExpr':
      return [...(kind.value.target ? [kind.value.target] : []), ...kind.value.args];
    case 'listExpr':
      return kind.value.elements;
    case 'structExpr':
      return kind.value.entries.flatMap((entry) => [...(entry.keyKind.case === 'mapKey' ? [entry.keyKind.value] : []), ...(entry.value ? [entry.value] : [])]);
    case 'comprehensionExpr':
      return [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result].filter((e): e is Expr => e !== undefined);
    default:
      return [];
  }
}

function countNodes(expr: Expr): number {
  let count = 0;
  const stack = [expr];
  while (stack.length > 0) {
    count += 1;
    stack.push(...children(stack.pop()!));
  }
  return count;
}

function maxId(expr: Expr): bigint {
  let max = 0n;
  const stack = [expr];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.id > max) max = node.id;
    stack.push(...children(node));
  }
  return max;
}

/** Identifiers that name types (`type(x) == int`) rather than variables. */
const TYPE_IDENTS = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn']);
/** Calls the planner implements itself rather than through a function. */
const PLANNER_CALLS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false', 'not_strictly_false']);

export interface References {
  variables: ReadonlySet<string>;
  isFunction(name: string): boolean;
}

/**
 * The apiserver type-checks expressions when a policy is created, so an unknown variable or function is a
 * compile error there and must be one here, not a failure at the first request.
 */
function checkReferences(root: Expr, references: References, where: (id: bigint) => string): void {
  const visit = (expr: Expr, scope: ReadonlySet<string>): void => {
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'identExpr':
        if (!scope.has(kind.value.name) && !references.variables.has(kind.value.name) && !TYPE_IDENTS.has(kind.value.name)) {
          throw new CelSyntaxError(`${where(expr.id)} undeclared reference to '${kind.value.name}'`);
        }
        return;
      case 'callExpr': {
        const call = kind.value;
        const qualifier = call.target?.exprKind.case === 'identExpr' ? call.target.exprKind.value.name : undefined;
        const qualified = qualifier !== undefined && !scope.has(qualifier) && references.isFunction(`${qualifier}.${call.function}`);
        if (!qualified && !PLANNER_CALLS.has(call.function) && !references.isFunction(call.function)) {
          throw new CelSyntaxError(`${where(expr.id)} undeclared reference to '${qualifier !== undefined ? `${qualifier}.` : ''}${call.function}'`);
        }
        if (call.target && !qualified) visit(call.target, scope);
        for (const arg of call.args) visit(arg, scope);
        return;
      }
      case 'comprehensionExpr': {
        const loop = kind.value;
        for (const part of [loop.iterRange, loop.accuInit]) if (part) visit(part, scope);
        const inner = new Set([...scope, loop.iterVar, loop.accuVar, ...(loop.iterVar2 ? [loop.iterVar2] : [])]);
        for (const part of [loop.loopCondition, loop.loopStep]) if (part) visit(part, inner);
        if (loop.result) visit(loop.result, new Set([...scope, loop.accuVar]));
        return;
      }
      default:
        for (const child of children(expr)) visit(child, scope);
    }
  };
  visit(root, new Set());
}

/**
 * Parses a Kubernetes CEL expression into an AST @bufbuild/cel can plan, checking its references; throws
 * CelSyntaxError with CEL's message.
 */
export function parseExpression(source: string, references: References): Expr {
  const rewritten = rewriteOptionalSyntax(source);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rewritten.text);
  } catch (error) {
    const message = error instanceof RangeError ? 'expression is nested too deeply' : (error as Error).message;
    throw new CelSyntaxError(mapParseError(message, source, rewritten));
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const where = (id: bigint) => {
    const offset = positions[id.toString()] ?? 0;
    const { line, column } = lineColumn(source, rewritten.origin[Math.min(offset, rewritten.origin.length - 1)] ?? 0);
    return `<input>:${line}:${column}:`;
  };
  const expr = parsed.expr;
  new Transformer(maxId(expr)).walk(expr);
  checkReferences(expr, references, where);
  return expr;
}
