import { hostname } from 'node:os';
import { createServingCertificate, type ServingCertificate } from '../admission/install/certificate.js';

/**
 * A certificate for a first start without one: a private CA (its key discarded) and a serving certificate for
 * localhost, this host and the listen address. Clients trust it only by being given the CA, which `rampart serve`
 * writes next to its database; production deployments pass --tls-cert/--tls-key.
 */
export async function selfSignedCertificate(address: string): Promise<ServingCertificate> {
  const names = [...new Set(['localhost', hostname(), ...(address && !/^[\d.:]+$/.test(address) ? [address] : [])])];
  const generated = await createServingCertificate({ dnsNames: names, validityDays: 30 });
  return generated;
}
