import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatScanError, type ScanError } from '../core/finding.js';
import type { VulnerabilityFinding } from '../core/vulnerability.js';
import { inventoryDirectory } from '../pipeline/directory-inventory.js';
import { inventoryImage, layerLocator, openImage } from '../pipeline/image.js';
import { findVulnerabilities } from '../pipeline/vulnerabilities.js';
import type { SbomSubject } from '../formats/sbom/index.js';
import type { Inventory } from '../checks/vulnerabilities/inventory/index.js';
import type { CommandSpec } from './command.js';
import { IMAGE_SOURCE_OPTIONS, imageLocator } from './image-command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, OUTPUT_OPTION, VULNERABILITY_OPTIONS, type OptionSpec } from './options.js';
import { writeOutput } from './output.js';
import { resolveVulnerabilityOptions, type CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

export const SBOM_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', value: 'FMT', description: 'cyclonedx (CycloneDX 1.6 JSON, default) or spdx (SPDX 2.3 JSON).' },
  { ...OUTPUT_OPTION, description: 'Write the SBOM to this file instead of standard output.' },
  { name: 'vulnerabilities', type: 'boolean', description: 'CycloneDX only: add the vulnerabilities found in the packages (a VDR), with VEX analysis.' },
  ...IMAGE_SOURCE_OPTIONS,
  ...VULNERABILITY_OPTIONS,
];

export const sbomCommand: CommandSpec = {
  usage: 'sbom [DIR|REF] [--input PATH] [--format cyclonedx|spdx] [-o FILE] [options]',
  summary: 'Write the software bill of materials of a directory (lockfiles, or a root file system) or of an image.',
  options: SBOM_OPTIONS,
  run: runSbomCommand,
};

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

export async function runSbomCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  // The CycloneDX library is loaded only by the command that writes SBOMs.
  const { SBOM_FORMATTERS } = await import('../formats/sbom/index.js');
  const format = typeof values.format === 'string' ? values.format : 'cyclonedx';
  if (!SBOM_FORMATTERS.has(format)) throw new UsageError(`unknown SBOM format "${format}" (use ${SBOM_FORMATTERS.names.join(' or ')})`);
  const formatter = SBOM_FORMATTERS.get(format);
  if (values.vulnerabilities === true && !formatter.carriesVulnerabilities) {
    const carriers = SBOM_FORMATTERS.names.filter((name) => SBOM_FORMATTERS.get(name).carriesVulnerabilities);
    throw new UsageError(`--vulnerabilities needs --format ${carriers.join(' or ')} (${formatter.title} has no place for them)`);
  }

  let subject: SbomSubject;
  let inventory: Inventory;
  const errors: ScanError[] = [];
  let vulnerabilities: VulnerabilityFinding[] | undefined;
  const [target] = positionals;
  const withVulnerabilities = async (layerOf?: Parameters<typeof findVulnerabilities>[3]) => {
    if (values.vulnerabilities !== true) return;
    const found = await findVulnerabilities(inventory.packages, resolveVulnerabilityOptions(values, io), new Date(), layerOf);
    errors.push(...found.errors);
    vulnerabilities = found.vulnerabilities;
  };

  if (typeof values.input !== 'string' && target !== undefined && positionals.length === 1 && (await isDirectory(resolve(io.cwd, target)))) {
    const scanned = await inventoryDirectory(resolve(io.cwd, target), io.cwd);
    inventory = scanned.inventory;
    errors.push(...scanned.errors);
    subject = { type: 'directory', name: target };
    await withVulnerabilities();
  } else {
    const locator = imageLocator(values, positionals, io);
    let source;
    try {
      source = await openImage(locator);
    } catch (error) {
      io.stderr(`rampart: ${locator.reference}: ${(error as Error).message}\n`);
      return EXIT_CODES.scanErrors;
    }
    try {
      const scanned = await inventoryImage(source);
      inventory = scanned.inventory;
      errors.push(...scanned.errors);
      subject = { type: 'image', name: locator.reference, ...(source.manifestDigest ? { digest: source.manifestDigest } : {}), layers: scanned.layers };
      await withVulnerabilities(layerLocator(scanned.layers));
    } catch (error) {
      // A layer that failed verification (or could not be read to its end) leaves no SBOM: it would list unverified bytes.
      io.stderr(`rampart: ${locator.reference}: ${(error as Error).message}\n`);
      return EXIT_CODES.scanErrors;
    } finally {
      await source.close();
    }
  }

  const text = formatter.format({ subject, inventory, ...(vulnerabilities ? { vulnerabilities } : {}) });
  await writeOutput(text, values, io);
  for (const error of errors) {
    io.stderr(`rampart: ${error.level ?? 'error'}: ${formatScanError(error)}\n`);
  }
  return errors.some((e) => (e.level ?? 'error') === 'error') ? EXIT_CODES.scanErrors : EXIT_CODES.clean;
}
