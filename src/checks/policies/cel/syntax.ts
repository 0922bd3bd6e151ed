import { parse } from '@bufbuild/cel';
import { clone, create } from '@bufbuild/protobuf';
import {
  ExprSchema, Expr_CallSchema, Expr_ComprehensionSchema, Expr_CreateListSchema, Expr_IdentSchema, ConstantSchema, type Expr,
} from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

/**
 * @bufbuild/cel's parser does not read CEL's optional syntax (`a.?b`, `a[?k]`), which Kubernetes enables and
 * policies use. Before parsing, `a.?b` is spelled `a.<marker>b` and `a[?k]` `a[<marker>(k)]`, both plain CEL; after
 * parsing, those nodes (and every select or index applied to an optional, which cel-go makes optional too) become
 * calls of the optional library's select and index functions; optional list elements and map entries (`[?x]`,
 * `{?k: v}`) become calls that drop the empty ones. The same walk expands the macros @bufbuild/cel lacks and the
 * Kubernetes environment has (the two-variable comprehensions; not `cel.bind` nor `math`, which Kubernetes 1.37
 * does not declare), turns the
 * MutatingAdmissionPolicy's typed literals (`Object{...}`, `JSONPatch{...}`) into maps, and makes every
 * comprehension charge the cost meter for its range before it starts.
 */

export const OPTIONAL_SELECT = 'rampart.optional.select';
export const OPTIONAL_INDEX = 'rampart.optional.index';
export const RANGE_COST = 'rampart.cost.range';
/** `[a, ?b]` and `{?k: v}`: the literal built with the optionals in place, then these drop the empty ones. */
export const OPTIONAL_LIST = 'rampart.optional.list';
export const OPTIONAL_MAP = 'rampart.optional.map';
/** Two-variable comprehensions loop over `[key, value]` pairs; the map forms rebuild a map from what they made. */
export const ENTRIES = 'rampart.entries';
export const PAIRS_TO_MAP = 'rampart.pairsToMap';
export const MERGE_MAPS = 'rampart.mergeMaps';

/** `list.sortBy(x, key)` is a macro in cel-go: the list and its keys, computed by a loop, go to this function. */
export const SORT_BY_KEYS = 'rampart.lists.sortByKeys';

const ACCUMULATOR = '@result';
const ENTRY = '@entry';
/** Two-variable macros and how many arguments each takes besides its two variables. */
const TWO_VARIABLE_MACROS: Readonly<Record<string, readonly number[]>> = {
  all: [1], exists: [1], existsOne: [1], exists_one: [1], transformList: [1, 2], transformMap: [1, 2], transformMapEntry: [1, 2],
};

const SELECT_MARKER = '__rampart_optsel__';
const INDEX_MARKER = '__rampart_optidx__';
const ELEMENT_MARKER = '__rampart_optelem__';
const KEY_MARKER = '__rampart_optkey__';
const FIELD_MARKER = '__rampart_optfld__';
/** Calls whose result is an optional value, so selects and indexes on it are optional too. */
const OPTIONAL_FUNCTIONS = new Set(['optional.of', 'optional.ofNonZeroValue', 'optional.none', 'or', OPTIONAL_SELECT, OPTIONAL_INDEX]);

export class CelSyntaxError extends Error {}

interface Rewritten {
  text: string;
  /** For each offset of `text`, the offset in the original it came from. */
  origin: number[];
}

type Bracket =
  | { kind: 'index' | 'optional-index' | 'paren' | 'message' }
  /** An optional element (`[?x]`) or map key (`{?k: v}`) is open until the next `,`, `]` or `:` at this depth. */
  | { kind: 'list' | 'map'; optionalOpen: boolean };

/** Spells the optional syntax in plain CEL (markers the Transformer turns back) and blanks comments. */
function rewriteOptionalSyntax(source: string): Rewritten {
  let text = '';
  const origin: number[] = [];
  const emit = (piece: string, from: number) => {
    text += piece;
    for (let k = 0; k < piece.length; k++) origin.push(from);
  };
  const brackets: Bracket[] = [];
  const top = () => brackets[brackets.length - 1];
  /** Closes an open optional element or key before the `,` `]` or `:` that ends it. */
  const closeOptional = (at: number) => {
    const open = top();
    if (open && (open.kind === 'list' || open.kind === 'map') && open.optionalOpen) {
      emit(')', at);
      open.optionalOpen = false;
    }
  };
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
      // `x in [...]`: the only keyword a list or map literal follows.
      previousIsValue = source.slice(i, j) !== 'in';
      i = j;
      continue;
    }
    const nextNonSpace = (from = i) => {
      let j = from + 1;
      while (j < source.length && /\s/.test(source[j]!)) j += 1;
      return j;
    };
    if (c === '.' && source[nextNonSpace()] === '?') {
      emit(`.${SELECT_MARKER}`, i);
      i = nextNonSpace() + 1;
      previousIsValue = false;
      continue;
    }
    const open = top();
    const optionalNext = source[nextNonSpace()] === '?';
    if (c === '[') {
      if (previousIsValue) {
        brackets.push({ kind: optionalNext ? 'optional-index' : 'index' });
        emit(optionalNext ? `[${INDEX_MARKER}(` : '[', i);
      } else {
        brackets.push({ kind: 'list', optionalOpen: optionalNext });
        emit(optionalNext ? `[${ELEMENT_MARKER}(` : '[', i);
      }
      i = optionalNext ? nextNonSpace() + 1 : i + 1;
      previousIsValue = false;
      continue;
    }
    if (c === '{') {
      const kind = previousIsValue ? 'message' : 'map';
      brackets.push(kind === 'message' ? { kind } : { kind, optionalOpen: optionalNext });
      emit(!optionalNext ? '{' : kind === 'message' ? `{${FIELD_MARKER}` : `{${KEY_MARKER}(`, i);
      // A field name must follow its marker with no space between.
      i = optionalNext ? nextNonSpace(nextNonSpace()) : i + 1;
      previousIsValue = false;
      continue;
    }
    if (c === ',') {
      closeOptional(i);
      if (optionalNext && open && open.kind !== 'index' && open.kind !== 'optional-index' && open.kind !== 'paren') {
        if (open.kind === 'message') emit(`,${FIELD_MARKER}`, i);
        else if (open.kind === 'list' || open.kind === 'map') {
          emit(`,${open.kind === 'list' ? ELEMENT_MARKER : KEY_MARKER}(`, i);
          open.optionalOpen = true;
        }
        i = nextNonSpace(nextNonSpace());
        previousIsValue = false;
        continue;
      }
      emit(c, i);
      previousIsValue = false;
      i += 1;
      continue;
    }
    if (c === ':' && open?.kind === 'map') closeOptional(i);
    if (c === ']') {
      closeOptional(i);
      emit(brackets.pop()?.kind === 'optional-index' ? ')]' : ']', i);
      previousIsValue = true;
      i += 1;
      continue;
    }
    if (c === '(') brackets.push({ kind: 'paren' });
    if (c === ')' || c === '}') brackets.pop();
    emit(c, i);
    previousIsValue = c === ')' || c === '}';
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

/** Whether `name` is a typed literal the expression may build (`Object.spec{...}` in a MutatingAdmissionPolicy). */
export type TypedLiterals = (name: string) => boolean;

class Transformer {
  private nextId: bigint;
  constructor(maxId: bigint, private readonly typedLiterals: TypedLiterals, private readonly where: (id: bigint) => string) {
    this.nextId = maxId + 1n;
  }

  private node(exprKind: Expr['exprKind']): Expr {
    return create(ExprSchema, { id: this.nextId++, exprKind });
  }

  private call(fn: string, args: Expr[]): Expr {
    return this.node({ case: 'callExpr', value: create(Expr_CallSchema, { function: fn, args }) });
  }

  private ident(name: string): Expr {
    return this.node({ case: 'identExpr', value: create(Expr_IdentSchema, { name }) });
  }

  private list(elements: Expr[]): Expr {
    return this.node({ case: 'listExpr', value: create(Expr_CreateListSchema, { elements }) });
  }

  private constant(value: string | bigint | boolean): Expr {
    const constantKind = typeof value === 'string' ? { case: 'stringValue' as const, value }
      : typeof value === 'bigint' ? { case: 'int64Value' as const, value } : { case: 'boolValue' as const, value };
    return this.node({ case: 'constExpr', value: create(ConstantSchema, { constantKind }) });
  }

  /** A comprehension whose parts are already walked; its range is charged like every other's. */
  private comprehension(parts: { iterVar: string; iterRange: Expr; accuVar: string; accuInit: Expr; loopCondition: Expr; loopStep: Expr; result: Expr }): Expr {
    const loop = create(Expr_ComprehensionSchema, parts);
    this.chargeRange(loop);
    return this.node({ case: 'comprehensionExpr', value: loop });
  }

  private chargeRange(loop: { iterRange?: Expr; loopStep?: Expr }): void {
    if (!loop.iterRange) return;
    const stepSize = 1n + BigInt(loop.loopStep ? countNodes(loop.loopStep) : 0);
    loop.iterRange = this.call(RANGE_COST, [loop.iterRange, this.constant(stepSize)]);
  }

  /** Binds `name` to `value` in `body`: a loop over nothing whose accumulator is the name (cel-go's cel.bind). */
  private bind(name: string, value: Expr, body: Expr): Expr {
    return this.comprehension({
      iterVar: '#unused', iterRange: this.list([]), accuVar: name, accuInit: value,
      loopCondition: this.constant(false), loopStep: this.ident(name), result: body,
    });
  }

  /**
   * `target.all(k, v, p)` and the transforms, as cel-go's ext.TwoVarComprehensions: a loop over `[key, value]`
   * pairs (index and element for a list) with both names bound for each step.
   */
  private twoVariable(macro: string, target: Expr, key: string, value: string, rest: Expr[]): Expr {
    const bound = (body: Expr) => this.bind(key, this.call('_[_]', [this.ident(ENTRY), this.constant(0n)]),
      this.bind(value, this.call('_[_]', [this.ident(ENTRY), this.constant(1n)]), body));
    const accu = () => this.ident(ACCUMULATOR);
    const [first, second] = rest as [Expr, Expr | undefined];
    const filtered = (step: Expr) => (second ? bound(this.call('_?_:_', [first, step, accu()])) : bound(step));
    const made = second ?? first;
    const loop = (accuInit: Expr, loopCondition: Expr, loopStep: Expr, result: Expr) => this.comprehension({
      iterVar: ENTRY, iterRange: this.call(ENTRIES, [target]), accuVar: ACCUMULATOR, accuInit, loopCondition, loopStep, result,
    });
    switch (macro) {
      case 'all':
        return loop(this.constant(true), this.call('@not_strictly_false', [accu()]), bound(this.call('_&&_', [accu(), first])), accu());
      case 'exists':
        return loop(this.constant(false), this.call('@not_strictly_false', [this.call('!_', [accu()])]), bound(this.call('_||_', [accu(), first])), accu());
      case 'existsOne':
      case 'exists_one':
        return loop(this.constant(0n), this.constant(true), bound(this.call('_?_:_', [first, this.call('_+_', [accu(), this.constant(1n)]), accu()])),
          this.call('_==_', [accu(), this.constant(1n)]));
      case 'transformList':
        return loop(this.list([]), this.constant(true), filtered(this.call('_+_', [accu(), this.list([made])])), accu());
      case 'transformMap':
        return this.call(PAIRS_TO_MAP, [loop(this.list([]), this.constant(true),
          filtered(this.call('_+_', [accu(), this.list([this.list([this.ident(key), made])])])), accu())]);
      default:
        return this.call(MERGE_MAPS, [loop(this.list([]), this.constant(true), filtered(this.call('_+_', [accu(), this.list([made])])), accu())]);
    }
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
          const marked = isMarker(index, INDEX_MARKER);
          const key = marked && index.exprKind.case === 'callExpr' ? index.exprKind.value.args[0]! : index;
          this.walk(key);
          if (!marked && !operandOptional) return false;
          call.function = OPTIONAL_INDEX;
          call.args = [operand, key];
          return true;
        }
        if (call.function === INDEX_MARKER || call.function === ELEMENT_MARKER || call.function === KEY_MARKER) {
          throw new CelSyntaxError('? is only valid in an index, a list element or a map key');
        }
        const qualifier = call.target?.exprKind.case === 'identExpr' ? call.target.exprKind.value.name : undefined;
        const names = call.args.map((arg) => (arg.exprKind.case === 'identExpr' ? arg.exprKind.value.name : undefined));
        if (call.function === 'sortBy' && call.target && call.args.length === 2 && names[0] !== undefined) {
          this.walk(call.target);
          this.walk(call.args[1]!);
          const keys = this.comprehension({
            iterVar: names[0], iterRange: clone(ExprSchema, call.target), accuVar: ACCUMULATOR, accuInit: this.list([]),
            loopCondition: this.constant(true), loopStep: this.call('_+_', [this.ident(ACCUMULATOR), this.list([call.args[1]!])]), result: this.ident(ACCUMULATOR),
          });
          expr.exprKind = this.call(SORT_BY_KEYS, [call.target, keys]).exprKind;
          return false;
        }
        const arities = TWO_VARIABLE_MACROS[call.function];
        if (call.target && arities?.includes(call.args.length - 2) && names[0] !== undefined && names[1] !== undefined) {
          if (names[0] === names[1]) throw new CelSyntaxError(`${call.function}() duplicate variable name: ${names[0]}`);
          this.walk(call.target);
          for (const arg of call.args.slice(2)) this.walk(arg);
          expr.exprKind = this.twoVariable(call.function, call.target, names[0], names[1], call.args.slice(2)).exprKind;
          return false;
        }
        const targetOptional = call.target ? this.walk(call.target) : false;
        for (const arg of call.args) this.walk(arg);
        const qualified = qualifier !== undefined ? `${qualifier}.${call.function}` : call.function;
        return OPTIONAL_FUNCTIONS.has(qualified) || (call.function === 'or' && targetOptional);
      }
      case 'listExpr': {
        const optional: Expr[] = [];
        kind.value.elements = kind.value.elements.map((element, index) => {
          const marked = isMarker(element, ELEMENT_MARKER);
          const inner = marked && element.exprKind.case === 'callExpr' ? element.exprKind.value.args[0]! : element;
          this.walk(inner);
          if (marked) optional.push(this.constant(BigInt(index)));
          return inner;
        });
        if (optional.length > 0) expr.exprKind = this.call(OPTIONAL_LIST, [this.node(kind), this.list(optional)]).exprKind;
        return false;
      }
      case 'structExpr': {
        const struct = kind.value;
        if (struct.messageName !== '') {
          if (!this.typedLiterals(struct.messageName)) throw new CelSyntaxError(`${this.where(expr.id)} undeclared reference to '${struct.messageName}'`);
          // Kubernetes checks these against the object's schema; offline the literal is its JSON, a map.
          struct.messageName = '';
          for (const entry of struct.entries) {
            if (entry.keyKind.case !== 'fieldKey') continue;
            const field = entry.keyKind.value;
            entry.optionalEntry = field.startsWith(FIELD_MARKER);
            entry.keyKind = { case: 'mapKey', value: this.constant(entry.optionalEntry ? field.slice(FIELD_MARKER.length) : field) };
          }
        }
        const optionalKeys: Expr[] = [];
        for (const entry of struct.entries) {
          if (entry.keyKind.case === 'mapKey') {
            const key = entry.keyKind.value;
            if (isMarker(key, KEY_MARKER) && key.exprKind.case === 'callExpr') {
              entry.keyKind = { case: 'mapKey', value: key.exprKind.value.args[0]! };
              entry.optionalEntry = true;
            }
            this.walk(entry.keyKind.value);
            if (entry.optionalEntry) optionalKeys.push(clone(ExprSchema, entry.keyKind.value));
          }
          if (entry.value) this.walk(entry.value);
          entry.optionalEntry = false;
        }
        if (optionalKeys.length > 0) expr.exprKind = this.call(OPTIONAL_MAP, [this.node(kind), this.list(optionalKeys)]).exprKind;
        return false;
      }
      case 'comprehensionExpr': {
        const loop = kind.value;
        for (const part of [loop.iterRange, loop.accuInit, loop.loopCondition, loop.loopStep, loop.result]) if (part) this.walk(part);
        this.chargeRange(loop);
        return false;
      }
      default:
        return false;
    }
  }
}

function isMarker(expr: Expr, marker: string): boolean {
  return expr.exprKind.case === 'callExpr' && expr.exprKind.value.function === marker && expr.exprKind.value.args.length === 1 && !expr.exprKind.value.target;
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
  /** Typed literals the expression may build; none by default (a ValidatingAdmissionPolicy declares none). */
  typedLiterals?: TypedLiterals;
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
  new Transformer(maxId(expr), references.typedLiterals ?? (() => false), where).walk(expr);
  checkReferences(expr, references, where);
  return expr;
}
