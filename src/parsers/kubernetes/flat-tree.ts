/**
 * The compact tree the fast paths keep of a YAML file: its nodes in pre-order in typed arrays (about 25 bytes a node),
 * from which field paths map back to lines and columns. Compactness matters: whole-scan rules keep every object, and so
 * every tree, until the scan ends.
 */
export const KIND_OTHER = 0;
export const KIND_SCALAR = 1;
export const KIND_MAPPING = 2;
export const KIND_SEQUENCE = 3;
/** A flow collection written as a block sequence item arrives wrapped in a node holding the same value (js-yaml). */
export const KIND_WRAPPER = 4;

/**
 * Nodes whose arrays a tree that builds one file after another keeps (about 2 MB): ten times the largest tree of the
 * real-manifest corpus.
 */
const MAX_REUSED_CAPACITY = 1 << 17;

export class FlatTree {
  start: Int32Array;
  end: Int32Array;
  /** Number of descendants, to skip a subtree. */
  size: Int32Array;
  childCount: Int32Array;
  kind: Uint8Array;
  /** Scalar text of the scalar nodes that may be mapping keys, which is what keys are matched by. */
  label: Array<string | undefined> = [];
  count = 0;
  roots: number[] = [];

  constructor(capacity = 64) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.size = new Int32Array(capacity);
    this.childCount = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
  }

  allocate(start: number): number {
    if (this.count === this.start.length) this.grow();
    const index = this.count++;
    this.start[index] = start;
    this.end[index] = start;
    this.size[index] = 0;
    this.childCount[index] = 0;
    this.kind[index] = KIND_OTHER;
    this.label[index] = undefined;
    return index;
  }

  private grow(): void {
    const capacity = Math.max(64, this.start.length * 2);
    const resize = <T extends Int32Array | Uint8Array>(array: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.start = resize(this.start, (n) => new Int32Array(n));
    this.end = resize(this.end, (n) => new Int32Array(n));
    this.size = resize(this.size, (n) => new Int32Array(n));
    this.childCount = resize(this.childCount, (n) => new Int32Array(n));
    this.kind = resize(this.kind, (n) => new Uint8Array(n));
  }

  /**
   * The tree in arrays of its exact size, which take over its labels and roots; this tree is left empty, its arrays
   * kept for the next file. Typed arrays are costly to allocate (each its own buffer outside the heap): a reader that
   * builds every file's tree in one such tree allocates five per file instead of five per doubling of every tree.
   */
  takeCompact(): FlatTree {
    const copy = new FlatTree(0);
    copy.start = this.start.slice(0, this.count);
    copy.end = this.end.slice(0, this.count);
    copy.size = this.size.slice(0, this.count);
    copy.childCount = this.childCount.slice(0, this.count);
    copy.kind = this.kind.slice(0, this.count);
    copy.label = this.label;
    copy.count = this.count;
    copy.roots = this.roots;
    this.reset();
    // A long-running process (the server, the webhook) keeps its reader: one huge file must not hold its arrays forever.
    if (this.start.length > MAX_REUSED_CAPACITY) Object.assign(this, new FlatTree());
    return copy;
  }

  /** Empty, with the arrays it has grown to. */
  reset(): void {
    this.count = 0;
    this.label = [];
    this.roots = [];
  }

  /** Drops the spare capacity of growth: the tree of a file whose objects a scan keeps lives as long as the scan. */
  trim(): void {
    this.start = this.start.slice(0, this.count);
    this.end = this.end.slice(0, this.count);
    this.size = this.size.slice(0, this.count);
    this.childCount = this.childCount.slice(0, this.count);
    this.kind = this.kind.slice(0, this.count);
  }

  /** The node itself, or the collection a wrapper stands for. */
  resolve(index: number): number {
    return this.kind[index] === KIND_WRAPPER ? index + 1 : index;
  }

  /** The children of `index` in order. */
  children(index: number): number[] {
    const children: number[] = [];
    let child = index + 1;
    for (let i = 0; i < this.childCount[index]!; i++) {
      children.push(child);
      child += this.size[child]! + 1;
    }
    return children;
  }

  /** The `n`th child of `index`, skipping the subtrees before it: locating a finding walks no more of the tree. */
  nthChild(index: number, n: number): number | undefined {
    if (!Number.isInteger(n) || n < 0 || n >= this.childCount[index]!) return undefined;
    let child = index + 1;
    for (let i = 0; i < n; i++) child += this.size[child]! + 1;
    return child;
  }
}

