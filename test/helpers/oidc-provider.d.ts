// node-oidc-provider ships no types; the OIDC login test uses this much of it.
declare module 'oidc-provider' {
  import type { RequestListener } from 'node:http';

  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & { findAccount?: (context: unknown, sub: string) => Promise<Account> });
    callback(): RequestListener;
  }
}
