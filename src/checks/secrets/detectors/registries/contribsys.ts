import type { SecretDetector } from '../../types.js';

/**
 * Sidekiq Pro and Enterprise licence credentials, `user:password` in hex, which Bundler reads from
 * `BUNDLE_GEMS__CONTRIBSYS__COM` / `BUNDLE_ENTERPRISE__CONTRIBSYS__COM` (environment or `.bundle/config`) or from
 * `bundle config gems.contribsys.com user:password`. In a URL (`https://user:password@gems.contribsys.com`) the
 * URL-credentials detector reports them.
 */
export const sidekiqCredentials: SecretDetector = {
  id: 'sidekiq-credentials',
  title: 'Sidekiq Pro/Enterprise gem server credentials',
  severity: 'high',
  keywords: ['contribsys'],
  pattern:
    /(?:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM|\b(?:enterprise|gems)\.contribsys\.com)["']?(?:[ \t]*(?:=|:=|:|=>)[ \t]*|[ \t]+)["']?(?<secret>[a-f0-9]{8}:[a-f0-9]{8})(?![\w:])/i,
  minEntropy: 2.5,
  remediation: 'Ask Contributed Systems (support@contribsys.com) for new credentials, then keep them in the CI secret store and pass them to Bundler through the environment variable.',
  references: ['https://github.com/sidekiq/sidekiq/wiki/Commercial-FAQ', 'https://bundler.io/man/bundle-config.1.html'],
  aliases: { gitleaks: ['sidekiq-secret'] },
};

export const DETECTORS: SecretDetector[] = [sidekiqCredentials];
