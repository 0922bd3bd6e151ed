import { Document, isMap, isScalar, isSeq, visit, YAMLSeq, type Node, type Scalar } from 'yaml';

/** How the file lays out nested blocks, so inserted lines look like their neighbours. */
export interface BlockStyle {
  newline: string;
  /** Columns a nested map sits right of its key. */
  mapIndent: number;
  /** Columns a sequence's `-` sits right of its key: 0 for `key:\n- a`, usually 2 for `key:\n  - a`. */
  seqIndent: number;
}

export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The most common nesting in the file wins; a file without nesting gets the Kubernetes docs' 2/2. */
export function detectBlockStyle(text: string, roots: ReadonlyArray<Node | null>): BlockStyle {
  const mapVotes = new Map<number, number>();
  const seqVotes = new Map<number, number>();
  const vote = (votes: Map<number, number>, value: number) => votes.set(value, (votes.get(value) ?? 0) + 1);
  for (const root of roots) {
    if (!root) continue;
    visit(root, {
      Pair(_, pair) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!key?.range || !value?.range || !(isMap(value) || isSeq(value)) || value.flow) return;
        const keyColumn = columnOf(text, key.range[0]);
        // Compact nesting (`- name: x` under a key on the same line) says nothing about indentation.
        if (text.slice(key.range[1], value.range[0]).indexOf('\n') < 0) return;
        const delta = columnOf(text, value.range[0]) - keyColumn;
        if (isMap(value) && delta > 0) vote(mapVotes, delta);
        if (isSeq(value) && delta >= 0) vote(seqVotes, delta);
      },
    });
  }
  const mapIndent = winner(mapVotes) ?? 2;
  return { newline: text.includes('\r\n') ? '\r\n' : '\n', mapIndent, seqIndent: winner(seqVotes) ?? mapIndent };
}

function winner(votes: Map<number, number>): number | undefined {
  let best: [number, number] | undefined;
  for (const entry of votes) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Values that need lines of their own in block style; scalars and empty collections fit on the key's line. */
export function needsBlock(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) ? value.length > 0 : isPlainObject(value) && Object.keys(value).length > 0;
}

// YAML 1.1 output quotes `yes`, `on`, `0755` and friends, which Kubernetes' YAML 1.1 decoder would
// otherwise read as booleans or octal numbers.
const renderer = new Document(null, { version: '1.1' });

/**
 * A value on one line: a scalar, or a flow collection (`{a: 1}`, `[ALL]`). `inFlow` renders it as it
 * must appear inside a flow collection; `scalarType` keeps an existing scalar's quoting style.
 */
export function renderInline(value: unknown, options: { inFlow?: boolean; scalarType?: Scalar.Type } = {}): string {
  const node = renderer.createNode(value, { flow: true, aliasDuplicateObjects: false });
  // Multi-line strings would become block scalars or folded plain text; one quoted line is safer.
  visit(node, {
    Scalar(_, scalar) {
      if (typeof scalar.value === 'string' && /[\n\r]/.test(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
    },
  });
  if (options.scalarType && isScalar(node) && typeof node.value === 'string' && !/[\n\r]/.test(node.value)) {
    node.type = options.scalarType;
  }
  if (!options.inFlow) return stringifyNode(node);
  const wrapper = new YAMLSeq();
  wrapper.flow = true;
  wrapper.items.push(node);
  return stringifyNode(wrapper).slice(1, -1);
}

/** `a: 1, b: [ALL]`: entries to splice into an existing flow map. */
export function renderFlowEntries(entries: Record<string, unknown>): string {
  return renderInline(entries).slice(1, -1);
}

function stringifyNode(node: Node): string {
  renderer.contents = node;
  return renderer.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\r?\n$/, '');
}

function pad(column: number): string {
  return ' '.repeat(column);
}

/** Block lines for a map's entries, every line padded to `column`. */
export function mapLines(entries: Record<string, unknown>, column: number, style: BlockStyle): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(entries)) {
    const head = `${pad(column)}${renderInline(key)}:`;
    if (Array.isArray(value) && needsBlock(value)) lines.push(head, ...seqLines(value, column + style.seqIndent, style));
    else if (needsBlock(value)) lines.push(head, ...mapLines(value as Record<string, unknown>, column + style.mapIndent, style));
    else lines.push(`${head} ${renderInline(value)}`);
  }
  return lines;
}

/** Block lines for a sequence whose dashes sit at `column`; an item's content starts after `- `. */
export function seqLines(items: readonly unknown[], column: number, style: BlockStyle): string[] {
  const lines: string[] = [];
  for (const item of items) {
    if (!needsBlock(item)) {
      lines.push(`${pad(column)}- ${renderInline(item)}`);
      continue;
    }
    const inner = blockLines(item, column + 2, style);
    lines.push(`${pad(column)}- ${inner[0]!.slice(column + 2)}`, ...inner.slice(1));
  }
  return lines;
}

export function blockLines(value: Record<string, unknown> | unknown[], column: number, style: BlockStyle): string[] {
  return Array.isArray(value) ? seqLines(value, column, style) : mapLines(value, column, style);
}
