import { readZipBytes, type ZipLimits } from '../../database/zip.js';
import { baseName, ResultBuilder, splitLines } from '../lines.js';
import type { BinaryInput, Extractor, ExtractResult } from '../../../../core/package.js';
import { mavenPackage } from './maven-package.js';
import { pomPropertiesExtractor } from './pom-properties.js';

export interface JarLimits {
  /** Archives inside archives below the scanned one: a Spring Boot jar's BOOT-INF/lib is depth 1. */
  maxDepth: number;
  /** Bytes of the scanned archive; larger ones are skipped unread. */
  maxArchiveSize: number;
  /** Nested archives read from one scanned file. */
  maxArchives: number;
  /** Uncompressed bytes inflated from one scanned file, all nesting levels together. */
  maxTotalSize: number;
  /** Per archive; the total is further capped by what is left of maxTotalSize. */
  zip: ZipLimits;
}

// A large Spring Boot application holds a few hundred jars and well under 100k classes in a few hundred MB;
// the limits leave room for that and stop nested zip bombs.
export const DEFAULT_JAR_LIMITS: JarLimits = {
  maxDepth: 3,
  maxArchiveSize: 512 * 1024 * 1024,
  maxArchives: 10_000,
  maxTotalSize: 1024 * 1024 * 1024,
  zip: { maxEntries: 200_000, maxEntrySize: 256 * 1024 * 1024, maxTotalSize: 1024 * 1024 * 1024 },
};

const ARCHIVE = /\.(jar|war|ear)$/i;
const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const MANIFEST = 'META-INF/MANIFEST.MF';
/** Maven coordinates are plain tokens; anything else in a manifest field is a display name, not a coordinate. */
const COORDINATE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Attributes of the main section: up to the first blank line, with 72-byte lines continued by a leading space. */
export function parseManifest(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  let last: string | undefined;
  for (const line of splitLines(text)) {
    if (line === '') break;
    if (line.startsWith(' ')) {
      if (last !== undefined) attributes.set(last, attributes.get(last)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(': ');
    if (colon <= 0) continue;
    last = line.slice(0, colon);
    attributes.set(last, line.slice(colon + 2));
  }
  return attributes;
}

/** `log4j-1.2-api-2.17.1.jar` → artifact `log4j-1.2-api`, version `2.17.1`: Maven names a jar `artifactId-version`. */
export function parseArchiveFileName(name: string): { artifactId: string; version?: string } {
  const stem = name.replace(ARCHIVE, '');
  const split = stem.search(/-\d[^-]*(?:-[^\d][^-]*)*$/);
  return split > 0 ? { artifactId: stem.slice(0, split), version: stem.slice(split + 1) } : { artifactId: stem };
}

interface Walk {
  /** The scanned file; issues are already reported against it, so messages name only what lies inside. */
  root: string;
  builder: ResultBuilder;
  limits: JarLimits;
  archives: number;
  inflated: number;
}

/** `app.jar!BOOT-INF/lib/x.jar` → `BOOT-INF/lib/x.jar: `; nothing for the scanned file itself. */
function inside(walk: Walk, location: string, entry?: string): string {
  const path = [location.slice(walk.root.length + 1), entry].filter(Boolean).join('!');
  return path === '' ? '' : `${path}: `;
}

interface Contents {
  poms: Array<{ name: string; text: string }>;
  manifest?: string;
}

/** Maven coordinates from the manifest, only where the groupId is stated rather than guessed. */
function fromManifest(walk: Walk, location: string, manifest: string | undefined): void {
  const attributes = parseManifest(manifest ?? '');
  const fileName = parseArchiveFileName(baseName(location.slice(location.lastIndexOf('!') + 1)));
  const title = attributes.get('Implementation-Title');
  const artifactId = fileName.version !== undefined || !title || !COORDINATE.test(title) ? fileName.artifactId : title;
  const version = attributes.get('Implementation-Version') ?? attributes.get('Bundle-Version') ?? fileName.version;
  const groupId = attributes.get('Implementation-Vendor-Id');
  if (!groupId || !COORDINATE.test(groupId)) {
    walk.builder.skip(`${inside(walk, location)}no pom.properties and no Implementation-Vendor-Id in the manifest, so no Maven groupId for ${artifactId}`);
  } else if (!version || !COORDINATE.test(artifactId)) {
    walk.builder.skip(`${inside(walk, location)}no pom.properties, and the manifest and file name give no artifact version`);
  } else {
    walk.builder.add(mavenPackage(groupId, artifactId, version, location), `${groupId}:${artifactId}@${version}@${location}`);
  }
}

function report(walk: Walk, location: string, contents: Contents): void {
  if (contents.poms.length === 0) return fromManifest(walk, location, contents.manifest);
  for (const pom of contents.poms) {
    const result = pomPropertiesExtractor.extract({ path: location, text: pom.text });
    for (const pkg of result.packages) walk.builder.add(pkg, `${pkg.name}@${pkg.version}@${location}`);
    for (const error of result.errors) walk.builder.error(`${inside(walk, location, pom.name)}${error.message}`);
  }
}

const isInteresting = (name: string): boolean => POM_PROPERTIES.test(name) || name === MANIFEST || ARCHIVE.test(name);

/** Reads one archive through the defensive zip reader, in memory, descending into nested archives as they come. */
function walkArchive(walk: Walk, bytes: Uint8Array, location: string, depth: number): void {
  const { limits, builder } = walk;
  const contents: Contents = { poms: [] };
  const zipLimits = { ...limits.zip, maxTotalSize: Math.min(limits.zip.maxTotalSize, limits.maxTotalSize - walk.inflated) };
  try {
    for (const entry of readZipBytes(bytes, zipLimits, isInteresting)) {
      walk.inflated += entry.data.length;
      if (walk.inflated > limits.maxTotalSize) throw new Error(`more than ${limits.maxTotalSize} bytes uncompressed in this archive and those inside it`);
      if (POM_PROPERTIES.test(entry.name)) contents.poms.push({ name: entry.name, text: entry.data.toString('utf8') });
      else if (entry.name === MANIFEST) contents.manifest = entry.data.toString('utf8');
      else if (ARCHIVE.test(entry.name)) {
        const nested = `${location}!${entry.name}`;
        if (depth + 1 > limits.maxDepth) builder.skip(`${inside(walk, nested)}archive nested more than ${limits.maxDepth} levels deep; not read`);
        else if (++walk.archives > limits.maxArchives) builder.skip(`${inside(walk, nested)}more than ${limits.maxArchives} nested archives; not read`);
        else walkArchive(walk, entry.data, nested, depth + 1);
      }
    }
  } catch (err) {
    // What was read before the damage is still real; report it with the error.
    builder.error(`${inside(walk, location)}${(err as Error).message}`);
  }
  report(walk, location, contents);
}

export function extractJar({ path, bytes }: BinaryInput, limits: JarLimits = DEFAULT_JAR_LIMITS): ExtractResult {
  const builder = new ResultBuilder();
  if (bytes.length > limits.maxArchiveSize) {
    builder.skip(`archive of ${bytes.length} bytes is over the ${limits.maxArchiveSize}-byte limit; not read`);
    return builder.result();
  }
  walkArchive({ root: path, builder, limits, archives: 0, inflated: 0 }, bytes, path, 0);
  return builder.result();
}

export const jarExtractor: Extractor = {
  name: 'java/archive',
  matches: (path) => ARCHIVE.test(path),
  extract({ path }): ExtractResult {
    return { packages: [], errors: [{ message: `${baseName(path)} is a zip archive; read it with extractBinary` }] };
  },
  extractBinary: (input) => extractJar(input),
};
