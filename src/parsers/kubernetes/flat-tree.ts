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

export class FlatTree {
  start = new Int32Array(64);
  end = new Int32Array(64);
  /** Number of descendants, to skip a subtree. */
  size = new Int32Array(64);
  childCount = new Int32Array(64);
  kind = new Uint8Array(64);
  /** Scalar text of the scalar nodes that may be mapping keys, which is what keys are matched by. */
  label: Array<string | undefined> = [];
  count = 0;
  roots: number[] = [];

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

