// @peculiar/x509 registers its algorithms through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** The PEM texts `install` ships: the Secret holds all three, the webhook configurations trust `ca`. */
export interface ServingCertificate {
  ca: string;
  cert: string;
  key: string;
}

export interface CertificateRequest {
  /** DNS names the serving certificate is valid for (the Service's names). */
  dnsNames: string[];
  now?: Date;
  /** Validity of the serving certificate; the CA lives twice as long so a renewal can keep trusting it. */
  validityDays?: number;
}

/** The library's own parameter types: Node's webcrypto satisfies them, and the project compiles without the DOM lib. */
type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;
type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
const DEFAULT_VALIDITY_DAYS = 365;
/** `--apply` renews a certificate that expires sooner than this, or does not cover the Service's names. */
const RENEW_BEFORE_MS = 30 * DAY_MS;

/**
 * A private CA and a serving certificate it signs, both ECDSA P-256, made with @peculiar/x509 on node's WebCrypto.
 * The CA key is thrown away once it has signed: nobody can issue another certificate the apiserver would trust for
 * this webhook, and renewal makes a new CA (see `renewalBundle`).
 */
export async function createServingCertificate(request: CertificateRequest): Promise<ServingCertificate> {
  const crypto = webcrypto as unknown as X509Crypto;
  const now = request.now ?? new Date();
  const days = request.validityDays ?? DEFAULT_VALIDITY_DAYS;
  // A minute of slack absorbs clock skew between the machine running install and the apiserver.
  const notBefore = new Date(now.getTime() - 60_000);
  const caKeys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as KeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=rampart-admission-ca',
      keys: caKeys,
      notBefore,
      notAfter: new Date(now.getTime() + 2 * days * DAY_MS),
      signingAlgorithm: ECDSA_P256,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const leafKeys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as KeyPair;
  const leaf = await x509.X509CertificateGenerator.create(
    {
      subject: `CN=${request.dnsNames[0] ?? 'rampart'}`,
      issuer: ca.subject,
      publicKey: leafKeys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore,
      notAfter: new Date(now.getTime() + days * DAY_MS),
      signingAlgorithm: ECDSA_P256,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(request.dnsNames.map((value) => ({ type: 'dns' as const, value }))),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const key = KeyObject.from(leafKeys.privateKey as unknown as webcrypto.CryptoKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { ca: ca.toString('pem'), cert: leaf.toString('pem'), key };
}

/**
 * Whether a certificate found in the cluster can stay: it parses, covers every name, and is valid for a while yet.
 * Keeping it makes `install --apply` idempotent; replacing it only when needed avoids needless rotations.
 */
export function isReusable(existing: Partial<ServingCertificate>, dnsNames: string[], now = new Date()): existing is ServingCertificate {
  if (!existing.ca || !existing.cert || !existing.key) return false;
  try {
    const cert = new x509.X509Certificate(existing.cert);
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
    const names = new Set(san?.names.items.filter((name) => name.type === 'dns').map((name) => name.value) ?? []);
    return dnsNames.every((name) => names.has(name)) && cert.notBefore <= now && cert.notAfter.getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

/**
 * The caBundle during a renewal: the new CA and the old one while it is still valid, because the pods keep serving
 * the old certificate until the kubelet refreshes their Secret volume and the server reloads it.
 */
export function renewalBundle(fresh: string, previous: string | undefined, now = new Date()): string {
  if (!previous) return fresh;
  const stillValid = x509.PemConverter.decode(previous)
    .map((raw) => new x509.X509Certificate(raw))
    .filter((cert) => cert.notAfter > now && cert.notBefore <= now)
    .map((cert) => cert.toString('pem'));
  return [fresh.trim(), ...stillValid.filter((pem) => pem.trim() !== fresh.trim())].join('\n') + '\n';
}
