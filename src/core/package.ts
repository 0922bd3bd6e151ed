/** One installed or locked package, as found in a single file. */
export interface Package {
  name: string;
  version: string;
  /** OSV ecosystem name, e.g. `npm`, `PyPI`, `Debian:12`. OS packages carry a bare family until os-release is known. */
  ecosystem: string;
  purl: string;
  /** Debian source package, Alpine origin, source RPM name: what OS advisories are keyed by. */
  sourceName?: string;
  sourceVersion?: string;
  /** POSIX path, relative to the scanned root, of the file the package was read from. */
  file: string;
  /** Only needed to build the purl of OS packages again once the distribution is known. */
  arch?: string;
  dev?: boolean;
}

export interface ExtractError {
  line?: number;
  message: string;
}

export interface ExtractResult {
  packages: Package[];
  errors: ExtractError[];
  /** Entries deliberately left out (an unpinned requirement): not errors, but the user should know the count. */
  skipped?: ExtractError[];
}

export interface TextInput {
  path: string;
  text: string;
}

export interface BinaryInput {
  path: string;
  bytes: Uint8Array;
}

export interface Extractor {
  /** `<ecosystem>/<format>`, e.g. `os/dpkg`, `javascript/package-lock`. */
  readonly name: string;
  /**
   * Reads what is installed (node_modules, site-packages) rather than what a project declares: meaningful on an image
   * or root file system, noise in a source checkout, so source-tree scans leave these out.
   */
  readonly installedOnly?: boolean;
  /** Cheap test on a POSIX path relative to the scanned root; never touches the filesystem. */
  matches(path: string): boolean;
  /** Never throws: malformed input ends up in `errors`. */
  extract(input: TextInput): ExtractResult;
  /** For binary formats (rpmdb.sqlite); when present the caller hands bytes instead of text. */
  extractBinary?(input: BinaryInput): ExtractResult;
}
