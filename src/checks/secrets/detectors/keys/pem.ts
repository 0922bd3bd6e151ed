/** PEM and ASCII-armor plumbing shared by the private key detectors. */

const KEY_REMEDIATION_TAIL =
  'Remove it from the repository and its history (git filter-repo), then load it at runtime from a secret store or a Kubernetes Secret mounted from one.';

/** The rotation advice every private key finding gives. */
export function keyRemediation(what: string): string {
  return `Treat the key as compromised: ${what} ${KEY_REMEDIATION_TAIL}`;
}

export interface PemBody {
  /** `Proc-Type`, `DEK-Info`, `Version`, … as written. */
  headers: Map<string, string>;
  /** Base64 with whitespace removed. */
  base64: string;
}

/** The lines of a PEM body with JSON `\n` escapes undone, indentation and the quotes and commas around them removed. */
export function pemBodyLines(body: string): string[] {
  return body.replace(/\\r\\n|\\n|\\r/g, '\n').split(/\r?\n/).map((line) => line.trim().replace(/^["']|["',]+$/g, ''));
}

/**
 * The text between `-----BEGIN …-----` and `-----END …-----` as found in the wild: YAML-indented, CRLF, or inside a
 * JSON string with `\n` escapes. Undefined when what remains is not base64.
 */
export function parsePemBody(body: string): PemBody | undefined {
  const lines = pemBodyLines(body);
  const headers = new Map<string, string>();
  const base64: string[] = [];
  for (const line of lines) {
    const header = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (header && base64.length === 0) headers.set(header[1]!, header[2]!);
    else if (line.length > 0) base64.push(line);
  }
  const joined = base64.join('');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(joined) ? { headers, base64: joined } : undefined;
}

/** Canonical PEM (64-column body) that OpenSSL accepts whatever the original line layout was. */
export function canonicalPem(label: string, body: PemBody): string {
  const headerLines = [...body.headers].map(([name, value]) => `${name}: ${value}\n`).join('');
  const separator = headerLines ? '\n' : '';
  const wrapped = body.base64.match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${headerLines}${separator}${wrapped}\n-----END ${label}-----\n`;
}

export function isLegacyEncrypted(body: PemBody): boolean {
  return /ENCRYPTED/i.test(body.headers.get('Proc-Type') ?? '');
}

/** A single DER SEQUENCE spanning exactly the given bytes: what every PKCS#1/#8/SEC1 key is. */
export function isDerSequence(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1]!;
  if (first < 0x80) return der.length === 2 + first;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || der.length < 2 + octets) return false;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + der[2 + i]!;
  return der.length === 2 + octets + length;
}

/** The regex source of one PEM block of the given labels, its body in the `secret` group, bounded and lazy. */
export function pemBlockSource(labels: string[], maxBody: number): string {
  return `-----BEGIN (?<label>${labels.join('|')})-----(?<secret>[A-Za-z0-9+/=\\s\\\\:,."'-]{32,${maxBody}}?)-----END \\k<label>-----`;
}
