/**
 * The build information the Go toolchain embeds in every executable (what `go version -m` prints), read the way
 * the standard library's debug/buildinfo does: locate the data start of the ELF, PE or Mach-O file, find the
 * 16-byte aligned `\xff Go buildinf:` header near it, then decode the Go version and the module information either
 * inline (Go ≥ 1.18) or through two pointers to Go strings (older toolchains).
 */

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  replace?: GoModule;
}

export interface GoBuildInfo {
  /** As the toolchain spells it: `go1.22.3`, `go1.21rc2`, `devel go1.23-abc123 ...`. */
  goVersion: string;
  path?: string;
  main?: GoModule;
  deps: GoModule[];
  settings: Array<{ key: string; value: string }>;
  /** Modinfo lines that could not be understood; the rest is still returned. */
  problems: string[];
}

export class BuildInfoError extends Error {
  override name = 'BuildInfoError';
}

type ExecutableFormat = 'ELF' | 'PE' | 'Mach-O';

export function executableFormat(bytes: Uint8Array): ExecutableFormat | undefined {
  if (bytes.length < 4) return undefined;
  const [a, b, c, d] = bytes;
  if (a === 0x7f && b === 0x45 && c === 0x4c && d === 0x46) return 'ELF';
  if (a === 0x4d && b === 0x5a) return 'PE';
  // 32- and 64-bit Mach-O in either byte order. Universal binaries share 0xcafebabe with Java class files: not read.
  const magic = Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0);
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) return 'Mach-O';
  return undefined;
}

/** Bounds-checked reads: a header that points outside the file is an error message, never a RangeError. */
class View {
  readonly buffer: Buffer;
  constructor(
    bytes: Uint8Array,
    readonly littleEndian: boolean,
  ) {
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private check(at: number, length: number): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + length > this.buffer.length) {
      throw new BuildInfoError(`truncated executable: header field at offset ${at} lies past the end of the file`);
    }
  }

  u8(at: number): number {
    this.check(at, 1);
    return this.buffer[at]!;
  }

  u16(at: number): number {
    this.check(at, 2);
    return this.littleEndian ? this.buffer.readUInt16LE(at) : this.buffer.readUInt16BE(at);
  }

  u32(at: number): number {
    this.check(at, 4);
    return this.littleEndian ? this.buffer.readUInt32LE(at) : this.buffer.readUInt32BE(at);
  }

  u64(at: number): number {
    this.check(at, 8);
    const value = this.littleEndian ? this.buffer.readBigUInt64LE(at) : this.buffer.readBigUInt64BE(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new BuildInfoError(`address or offset out of range at offset ${at}`);
    return Number(value);
  }

  word(at: number, wide: boolean): number {
    return wide ? this.u64(at) : this.u32(at);
  }

  /** NUL-terminated or fixed-width name, bounded so a missing terminator cannot run through the file. */
  name(at: number, max: number): string {
    this.check(at, 0);
    const end = Math.min(at + max, this.buffer.length);
    const nul = this.buffer.indexOf(0, at);
    return this.buffer.toString('latin1', at, nul === -1 || nul > end ? end : nul);
  }
}

/** A range of virtual addresses backed by bytes of the file. */
interface Segment {
  address: number;
  offset: number;
  size: number;
}

interface Layout {
  /** Where the linker puts the build info blob, or the start of writable data it lies near. */
  dataStart?: number;
  segments: Segment[];
}

// Real executables have at most a few thousand headers; the cap stops a forged count from looping over billions.
const MAX_HEADERS = 65_535;

function count(value: number, what: string): number {
  if (value > MAX_HEADERS) throw new BuildInfoError(`implausible ${what} count ${value}`);
  return value;
}

function elfLayout(bytes: Uint8Array): Layout {
  const elfClass = bytes[4];
  const data = bytes[5];
  if ((elfClass !== 1 && elfClass !== 2) || (data !== 1 && data !== 2)) throw new BuildInfoError('unknown ELF class or byte order');
  const wide = elfClass === 2;
  const view = new View(bytes, data === 1);
  const phoff = view.word(wide ? 0x20 : 0x1c, wide);
  const shoff = view.word(wide ? 0x28 : 0x20, wide);
  const phentsize = view.u16(wide ? 0x36 : 0x2a);
  const phnum = count(view.u16(wide ? 0x38 : 0x2c), 'ELF program header');
  const shentsize = view.u16(wide ? 0x3a : 0x2e);
  const shnum = count(view.u16(wide ? 0x3c : 0x30), 'ELF section');
  const shstrndx = view.u16(wide ? 0x3e : 0x32);

  const layout: Layout = { segments: [] };
  let writableData: number | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (view.u32(at) !== 1) continue; // PT_LOAD
    const flags = view.u32(wide ? at + 4 : at + 24);
    const segment = wide
      ? { offset: view.u64(at + 8), address: view.u64(at + 16), size: view.u64(at + 32) }
      : { offset: view.u32(at + 4), address: view.u32(at + 8), size: view.u32(at + 16) };
    layout.segments.push(segment);
    // Writable but not executable (PF_W without PF_X): where the data of a binary without section headers starts.
    if (writableData === undefined && (flags & 3) === 2) writableData = segment.address;
  }

  if (shoff !== 0 && shnum > 0 && shstrndx < shnum) {
    const section = (i: number) => {
      const at = shoff + i * shentsize;
      return { name: view.u32(at), address: view.word(wide ? at + 16 : at + 12, wide), offset: view.word(wide ? at + 24 : at + 16, wide) };
    };
    const names = section(shstrndx).offset;
    for (let i = 0; i < shnum; i++) {
      const { name, address } = section(i);
      if (view.name(names + name, 64) === '.go.buildinfo') layout.dataStart = address;
    }
  }
  layout.dataStart ??= writableData;
  return layout;
}

function peLayout(bytes: Uint8Array): Layout {
  const view = new View(bytes, true);
  const pe = view.u32(0x3c);
  if (view.u32(pe) !== 0x00004550) throw new BuildInfoError('MZ file without a PE header');
  const sections = count(view.u16(pe + 6), 'PE section');
  const optionalSize = view.u16(pe + 20);
  const optional = pe + 24;
  const magic = view.u16(optional);
  if (magic !== 0x10b && magic !== 0x20b) throw new BuildInfoError(`unknown PE optional header magic 0x${magic.toString(16)}`);
  const imageBase = magic === 0x20b ? view.u64(optional + 24) : view.u32(optional + 28);
  const layout: Layout = { segments: [] };
  // IMAGE_SCN_CNT_INITIALIZED_DATA | MEM_READ | MEM_WRITE, alignment bits ignored: the linker's .data section.
  const DATA = 0xc0000040;
  const ALIGN_32 = 0x00600000;
  for (let i = 0; i < sections; i++) {
    const at = optional + optionalSize + i * 40;
    const address = imageBase + view.u32(at + 12);
    const size = view.u32(at + 16);
    const characteristics = view.u32(at + 36);
    layout.segments.push({ address, offset: view.u32(at + 20), size });
    if (layout.dataStart === undefined && view.u32(at + 12) !== 0 && size !== 0 && ((characteristics & ~ALIGN_32) >>> 0) === DATA) {
      layout.dataStart = address;
    }
  }
  return layout;
}

function machoLayout(bytes: Uint8Array): Layout {
  const littleEndian = bytes[0] === 0xce || bytes[0] === 0xcf;
  const view = new View(bytes, littleEndian);
  const wide = (view.u32(0) & 1) === 1;
  const commands = count(view.u32(16), 'Mach-O load command');
  const layout: Layout = { segments: [] };
  let writableSegment: number | undefined;
  let at = wide ? 32 : 28;
  for (let i = 0; i < commands; i++) {
    const command = view.u32(at);
    const size = view.u32(at + 4);
    if (size < 8) throw new BuildInfoError('malformed Mach-O load command');
    if (command === (wide ? 0x19 : 0x1)) {
      const segment = wide
        ? { address: view.u64(at + 24), offset: view.u64(at + 40), size: view.u64(at + 48) }
        : { address: view.u32(at + 24), offset: view.u32(at + 32), size: view.u32(at + 36) };
      const maxProtection = view.u32(at + (wide ? 56 : 40));
      const initProtection = view.u32(at + (wide ? 60 : 44));
      layout.segments.push(segment);
      if (writableSegment === undefined && segment.address !== 0 && segment.size !== 0 && maxProtection === 3 && initProtection === 3) {
        writableSegment = segment.address;
      }
      const sections = count(view.u32(at + (wide ? 64 : 48)), 'Mach-O section');
      for (let s = 0; s < sections; s++) {
        const section = at + (wide ? 72 + s * 80 : 56 + s * 68);
        if (view.name(section, 16) === '__go_buildinfo') layout.dataStart = wide ? view.u64(section + 32) : view.u32(section + 32);
      }
    }
    at += size;
  }
  layout.dataStart ??= writableSegment;
  return layout;
}

/** The file bytes behind `address`, up to `length` of them (fewer at the end of a segment or file). */
function readAt(bytes: Uint8Array, layout: Layout, address: number, length: number): Uint8Array | undefined {
  for (const segment of layout.segments) {
    if (address < segment.address || address >= segment.address + segment.size) continue;
    const start = segment.offset + (address - segment.address);
    const end = Math.min(start + length, segment.offset + segment.size, bytes.length);
    return start < end ? bytes.subarray(start, end) : undefined;
  }
  return undefined;
}

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const ALIGN = 16;
const SEARCH_WINDOW = 64 * 1024;
/** Module info of the largest real binaries is well under a megabyte. */
const MAX_STRING = 16 * 1024 * 1024;

function findHeader(window: Buffer): number | undefined {
  for (let from = 0; ; ) {
    const at = window.indexOf(MAGIC, from);
    if (at < 0 || window.length - at < HEADER_SIZE) return undefined;
    if (at % ALIGN === 0) return at;
    from = (at + ALIGN - 1) & ~(ALIGN - 1);
  }
}

/** Go's uvarint-prefixed string, as laid out after the header since Go 1.18. */
function inlineString(data: Buffer, at: number): { value: string; next: number } {
  let length = 0;
  let scale = 1;
  let position = at;
  for (;;) {
    if (position >= data.length || position - at >= 10) throw new BuildInfoError('malformed Go build info: bad string length');
    const byte = data[position++]!;
    length += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) break;
  }
  if (length > MAX_STRING || position + length > data.length) throw new BuildInfoError('malformed Go build info: string runs past the end of the data');
  return { value: data.toString('utf8', position, position + length), next: position + length };
}

function pointerString(bytes: Uint8Array, layout: Layout, pointer: number, pointerSize: number, littleEndian: boolean): string {
  const header = readAt(bytes, layout, pointer, 2 * pointerSize);
  if (!header || header.length < 2 * pointerSize) throw new BuildInfoError('malformed Go build info: string header outside the file');
  const view = new View(header, littleEndian);
  const wide = pointerSize === 8;
  const address = view.word(0, wide);
  const length = view.word(pointerSize, wide);
  if (length === 0) return '';
  if (length > MAX_STRING) throw new BuildInfoError('malformed Go build info: implausible string length');
  const data = readAt(bytes, layout, address, length);
  if (!data || data.length < length) throw new BuildInfoError('malformed Go build info: string data outside the file');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

function layoutOf(bytes: Uint8Array, format: ExecutableFormat): Layout {
  if (format === 'ELF') return elfLayout(bytes);
  if (format === 'PE') return peLayout(bytes);
  return machoLayout(bytes);
}

/**
 * The Go version and raw module text of a Go executable; undefined when the file is not a Go executable.
 * Throws BuildInfoError when the file or its build info is malformed.
 */
export function readRawBuildInfo(bytes: Uint8Array): { goVersion: string; modinfo: string } | undefined {
  const format = executableFormat(bytes);
  if (!format) return undefined;
  const layout = layoutOf(bytes, format);
  if (layout.dataStart === undefined) return undefined;
  const window = readAt(bytes, layout, layout.dataStart, SEARCH_WINDOW);
  if (!window) return undefined;
  const found = findHeader(Buffer.from(window.buffer, window.byteOffset, window.byteLength));
  if (found === undefined) return undefined;
  const blobAddress = layout.dataStart + found;
  const blob = readAt(bytes, layout, blobAddress, HEADER_SIZE + 2 * (MAX_STRING + 10));
  if (!blob) return undefined;
  const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const pointerSize = data[14]!;
  const flags = data[15]!;
  let goVersion: string;
  let modinfo: string;
  if (flags & 2) {
    const version = inlineString(data, HEADER_SIZE);
    goVersion = version.value;
    modinfo = inlineString(data, version.next).value;
  } else {
    if (pointerSize !== 4 && pointerSize !== 8) throw new BuildInfoError(`malformed Go build info: pointer size ${pointerSize}`);
    const littleEndian = flags === 0;
    const pointers = new View(data, littleEndian);
    const wide = pointerSize === 8;
    goVersion = pointerString(bytes, layout, pointers.word(16, wide), pointerSize, littleEndian);
    modinfo = pointerString(bytes, layout, pointers.word(16 + pointerSize, wide), pointerSize, littleEndian);
  }
  if (goVersion === '') throw new BuildInfoError('malformed Go build info: empty Go version');
  // cmd/go frames the text between two 16-byte sentinels; without them there is no module information (GOPATH builds).
  const framed = modinfo.length >= 33 && modinfo[modinfo.length - 17] === '\n';
  return { goVersion, modinfo: framed ? modinfo.slice(16, -16) : '' };
}

/** The text format of runtime/debug.BuildInfo: tab-separated `path`, `mod`, `dep`, `=>` and `build` lines. */
export function parseModinfo(goVersion: string, text: string): GoBuildInfo {
  const info: GoBuildInfo = { goVersion, deps: [], settings: [], problems: [] };
  let last: GoModule | undefined;
  const module = (fields: string[]): GoModule | undefined => {
    if ((fields.length !== 2 && fields.length !== 3) || fields[0] === '') return undefined;
    const parsed: GoModule = { path: fields[0]!, version: fields[1]! };
    if (fields[2]) parsed.sum = fields[2];
    return parsed;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const word = tab < 0 ? line : line.slice(0, tab);
    const rest = tab < 0 ? '' : line.slice(tab + 1);
    const fields = rest.split('\t');
    if (word === 'go') {
      continue; // The version string outside the module text is the authoritative one.
    } else if (word === 'path') {
      info.path = rest;
    } else if (word === 'mod' || word === 'dep') {
      const parsed = module(fields);
      if (!parsed) info.problems.push(`malformed ${word} line: ${line.slice(0, 200)}`);
      else if (word === 'mod') info.main = parsed;
      else info.deps.push(parsed);
      last = parsed;
    } else if (word === '=>') {
      const replacement = module(fields);
      if (!replacement || !last || last.replace) info.problems.push(`unexpected replacement line: ${line.slice(0, 200)}`);
      else last.replace = replacement;
    } else if (word === 'build') {
      const eq = rest.indexOf('=');
      if (eq <= 0) info.problems.push(`malformed build line: ${line.slice(0, 200)}`);
      else info.settings.push({ key: rest.slice(0, eq), value: rest.slice(eq + 1) });
    } else {
      info.problems.push(`unknown line: ${line.slice(0, 200)}`);
    }
  }
  return info;
}

/** Build info of a Go executable, or undefined for any other file. Throws BuildInfoError when malformed. */
export function readBuildInfo(bytes: Uint8Array): GoBuildInfo | undefined {
  const raw = readRawBuildInfo(bytes);
  return raw && parseModinfo(raw.goVersion, raw.modinfo);
}
