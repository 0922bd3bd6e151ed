/** One VEX claim, the same shape whichever format it came from. */
export interface VexStatement {
  vulnerability: string;
  /** Other names of the vulnerability the statement gives (OpenVEX `aliases`, CycloneDX `references`). */
  aliases: string[];
  /** purls the claim is about; product purls without a version cover every version. */
  products: string[];
  /** As the document wrote it: OpenVEX status or CycloneDX `analysis.state`. */
  status: string;
  /** OpenVEX `not_affected`; CycloneDX `not_affected` or `false_positive`. */
  suppresses: boolean;
  /** Justification, impact statement or detail, for the suppression reason. */
  explanation?: string;
  /** Milliseconds; undefined when the document gives no time. */
  timestamp?: number;
}

export interface VexDocument {
  file: string;
  format: 'openvex' | 'cyclonedx';
  statements: VexStatement[];
}

export class VexError extends Error {
  override readonly name = 'VexError';
}

const MAX_TEXT = 32 * 1024 * 1024;
const MAX_STATEMENTS = 100_000;
const OPENVEX_STATUSES = new Set(['not_affected', 'affected', 'fixed', 'under_investigation']);
const CYCLONEDX_STATES = new Set(['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function time(value: unknown): number | undefined {
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** A product is a purl string (OpenVEX before v0.2) or an object naming one in `@id` or `identifiers.purl`. */
function productPurls(product: unknown): string[] {
  if (typeof product === 'string') return product.startsWith('pkg:') ? [product] : [];
  if (!isObject(product)) return [];
  const purls = new Set<string>();
  const id = text(product['@id']);
  if (id?.startsWith('pkg:')) purls.add(id);
  const purl = isObject(product.identifiers) ? text(product.identifiers.purl) : undefined;
  if (purl) purls.add(purl);
  return [...purls];
}

function openVex(document: Json, file: string): VexDocument {
  const statements = list(document.statements);
  if (!Array.isArray(document.statements)) throw new VexError(`${file}: OpenVEX document without a statements array`);
  if (statements.length > MAX_STATEMENTS) throw new VexError(`${file}: more than ${MAX_STATEMENTS} statements`);
  const documentTime = time(document.last_updated) ?? time(document.timestamp);
  return {
    file,
    format: 'openvex',
    statements: statements.map((raw, i): VexStatement => {
      const at = `${file}: statements[${i}]`;
      if (!isObject(raw)) throw new VexError(`${at} is not an object`);
      const vulnerability = raw.vulnerability;
      const name = typeof vulnerability === 'string' ? text(vulnerability) : isObject(vulnerability) ? (text(vulnerability.name) ?? text(vulnerability['@id'])) : undefined;
      if (!name) throw new VexError(`${at}.vulnerability has no name`);
      const status = text(raw.status);
      if (!status || !OPENVEX_STATUSES.has(status)) throw new VexError(`${at}.status must be one of ${[...OPENVEX_STATUSES].join(', ')}`);
      if (!Array.isArray(raw.products)) throw new VexError(`${at}.products must be an array`);
      // A product with subcomponents says the flaw in those components does not reach it; the scanned packages are the
      // subcomponents, so they are what a finding is compared with.
      const products = raw.products.flatMap((product) =>
        isObject(product) && Array.isArray(product.subcomponents) && product.subcomponents.length > 0
          ? product.subcomponents.flatMap(productPurls)
          : productPurls(product),
      );
      const aliases = isObject(vulnerability) ? list(vulnerability.aliases).flatMap((alias) => text(alias) ?? []) : [];
      const explanation = [text(raw.justification), text(raw.impact_statement)].filter(Boolean).join(': ');
      const timestamp = time(raw.last_updated) ?? time(raw.timestamp) ?? documentTime;
      return {
        vulnerability: name,
        aliases,
        products,
        status,
        suppresses: status === 'not_affected',
        ...(explanation ? { explanation } : {}),
        ...(timestamp !== undefined ? { timestamp } : {}),
      };
    }),
  };
}

/** bom-ref → purl over the component tree, for `affects[].ref`. */
function componentPurls(document: Json): Map<string, string> {
  const refs = new Map<string, string>();
  const pending = [...list(document.components), ...(isObject(document.metadata) ? [document.metadata.component] : [])];
  for (let visited = 0; pending.length > 0 && visited < 1_000_000; visited++) {
    const component = pending.pop();
    if (!isObject(component)) continue;
    const ref = text(component['bom-ref']);
    const purl = text(component.purl);
    if (ref && purl) refs.set(ref, purl);
    pending.push(...list(component.components));
  }
  return refs;
}

function cycloneDx(document: Json, file: string): VexDocument {
  if (!Array.isArray(document.vulnerabilities)) throw new VexError(`${file}: CycloneDX document without a vulnerabilities array`);
  if (document.vulnerabilities.length > MAX_STATEMENTS) throw new VexError(`${file}: more than ${MAX_STATEMENTS} vulnerabilities`);
  const purls = componentPurls(document);
  const statements: VexStatement[] = [];
  document.vulnerabilities.forEach((raw, i) => {
    const at = `${file}: vulnerabilities[${i}]`;
    if (!isObject(raw)) throw new VexError(`${at} is not an object`);
    const name = text(raw.id);
    if (!name) throw new VexError(`${at}.id is missing`);
    // A vulnerability without analysis is an SBOM's finding list, not a VEX claim.
    if (raw.analysis === undefined) return;
    if (!isObject(raw.analysis)) throw new VexError(`${at}.analysis is not an object`);
    const state = text(raw.analysis.state);
    if (!state || !CYCLONEDX_STATES.has(state)) throw new VexError(`${at}.analysis.state must be one of ${[...CYCLONEDX_STATES].join(', ')}`);
    const products = list(raw.affects).flatMap((affect) => {
      const ref = isObject(affect) ? text(affect.ref) : undefined;
      if (!ref) return [];
      // BOM-Link (`urn:cdx:serial/version#ref`) points into another BOM; the part after `#` is the bom-ref there.
      const local = ref.startsWith('urn:cdx:') && ref.includes('#') ? decodeURIComponent(ref.slice(ref.indexOf('#') + 1)) : ref;
      const purl = local.startsWith('pkg:') ? local : purls.get(local);
      return purl ? [purl] : [];
    });
    const explanation = [text(raw.analysis.justification), text(raw.analysis.detail)].filter(Boolean).join(': ');
    const timestamp = time(raw.analysis.lastUpdated) ?? time(raw.analysis.firstIssued) ?? time(raw.updated) ?? time(raw.published);
    statements.push({
      vulnerability: name,
      aliases: list(raw.references).flatMap((reference) => (isObject(reference) ? (text(reference.id) ?? []) : [])),
      products,
      status: state,
      suppresses: state === 'not_affected' || state === 'false_positive',
      ...(explanation ? { explanation } : {}),
      ...(timestamp !== undefined ? { timestamp } : {}),
    });
  });
  return { file, format: 'cyclonedx', statements };
}

/**
 * Reads an OpenVEX (v0.2.0, and the string forms of earlier drafts) or CycloneDX VEX document. Throws VexError,
 * naming `file`, when the document is not one of them or a statement cannot be read, so a half-understood VEX
 * never silently suppresses or unsuppresses anything.
 */
export function parseVexDocument(source: string, file: string): VexDocument {
  if (source.length > MAX_TEXT) throw new VexError(`${file}: larger than ${MAX_TEXT / 1024 / 1024} MiB`);
  let document: unknown;
  try {
    document = JSON.parse(source);
  } catch (error) {
    throw new VexError(`${file}: not JSON (${(error as Error).message})`);
  }
  if (!isObject(document)) throw new VexError(`${file}: not a JSON object`);
  const context = text(document['@context']);
  if (context?.startsWith('https://openvex.dev/ns')) return openVex(document, file);
  if (document.bomFormat === 'CycloneDX') return cycloneDx(document, file);
  throw new VexError(`${file}: neither OpenVEX (@context https://openvex.dev/ns/…) nor CycloneDX (bomFormat "CycloneDX")`);
}
