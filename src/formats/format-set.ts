/**
 * A family of formatters picked by name: report formats, SBOM formats, the answers of the RBAC and NetworkPolicy
 * analyses. Adding a format is one module plus one entry in its family's list.
 */
export class FormatSet<N extends string, F extends { readonly name: N }> {
  readonly names: readonly N[];
  readonly #byName: ReadonlyMap<string, F>;

  constructor(
    private readonly family: string,
    formatters: readonly F[],
  ) {
    this.names = formatters.map((f) => f.name);
    this.#byName = new Map(formatters.map((f) => [f.name, f]));
  }

  has(name: string): name is N {
    return this.#byName.has(name);
  }

  get(name: string): F {
    const formatter = this.#byName.get(name);
    if (!formatter) throw new Error(`unknown ${this.family} format "${name}"; expected one of: ${this.names.join(', ')}`);
    return formatter;
  }
}
