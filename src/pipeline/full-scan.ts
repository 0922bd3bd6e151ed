import { inputSource } from '../sources/inputs.js';
import { sbomSource } from '../sources/sbom.js';
import type { Source } from '../sources/source.js';
import { policyRules } from './policies.js';
import { selectRules } from './rule-selection.js';
import { packageFileTest, scanSources, type ScanOptions, type ScanResult } from './scan.js';

/**
 * `scan(options)` as a library call: files, directories, stdin, a live cluster and SBOMs, with every check configured.
 * Every family's rules are imported here, by the scan that runs them, and load with the command that calls it; the
 * pipeline itself (scan.ts) imports none, so a secrets-only scan never loads them.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const selection = selectRules(options.rules, options.settings, options.customSecrets, policyRules(options.policies));
  const secrets = options.secrets === true && selection.secret.length > 0;
  const inputOptions = {
    ...options,
    ...(secrets ? { everyFile: true } : {}),
    ...(options.vulnerabilities ? { packageFiles: await packageFileTest() } : {}),
    // A deadline also stops a helm or kubectl that is still rendering.
    ...(options.signal && options.render ? { render: { ...options.render, signal: options.signal } } : {}),
  };
  const sboms = options.vulnerabilities?.sbomFiles ?? [];
  const sources: Source[] = [
    inputSource(inputOptions),
    // An SBOM checked on its own is the report's subject, as an image is for `rampart image`.
    ...sboms.map((sbom) => sbomSource(sbom.path, sbom.display, options.paths.length === 0 && sboms.length === 1)),
  ];
  return scanSources({
    ...options,
    sources,
    selection,
    checks: { rules: true, secrets: options.secrets === true, ...(options.vulnerabilities ? { vulnerabilities: options.vulnerabilities } : {}) },
  });
}
