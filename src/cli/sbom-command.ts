import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatScanError } from '../core/finding.js';
import { directoryInventorySource } from '../pipeline/directory-inventory.js';
import { imageInventorySource } from '../pipeline/image.js';
import { scanInventory, type InventoryScanResult } from '../pipeline/inventory-scan.js';
import type { Source } from '../sources/source.js';
import type { SbomSubject } from '../formats/sbom/index.js';
import type { CommandSpec } from './command.js';
import { IMAGE_SOURCE_OPTIONS, imageLocator } from './image-command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, OUTPUT_OPTION, SCAN_OPTIONS, VULNERABILITY_OPTIONS, type OptionSpec } from './options.js';
import { writeOutput } from './output.js';
import { resolveVulnerabilityOptions, type CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

/** A directory's walk leaves out what `scan`'s does: .gitignore and these globs (an image's files are all its own, so an error there). */
const EXCLUDE_OPTION_NAMES = ['exclude', 'skip-dirs', 'skip-files'];

export const SBOM_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', value: 'FMT', description: 'cyclonedx (CycloneDX 1.6 JSON, default) or spdx (SPDX 2.3 JSON).' },
  { ...OUTPUT_OPTION, description: 'Write the SBOM to this file instead of standard output.' },
  { name: 'vulnerabilities', type: 'boolean', description: 'CycloneDX only: add the vulnerabilities found in the packages (a VDR), with VEX analysis.' },
  ...IMAGE_SOURCE_OPTIONS,
  ...SCAN_OPTIONS.filter((option) => EXCLUDE_OPTION_NAMES.includes(option.name)),
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

  const [target] = positionals;
  const matching = values.vulnerabilities === true ? resolveVulnerabilityOptions(values, io) : undefined;
  const inventory = (source: Source) => scanInventory({ sources: [source], ...(matching ? { vulnerabilities: matching } : {}) });
  const exclude = EXCLUDE_OPTION_NAMES.flatMap((name) => (Array.isArray(values[name]) ? (values[name] as string[]) : []));
  let subject: SbomSubject;
  let result: InventoryScanResult;
  if (typeof values.input !== 'string' && target !== undefined && positionals.length === 1 && (await isDirectory(resolve(io.cwd, target)))) {
    const { source } = await directoryInventorySource(resolve(io.cwd, target), io.cwd, exclude);
    result = await inventory(source);
    subject = { type: 'directory', name: target };
  } else {
    if (exclude.length > 0) throw new UsageError(`--${EXCLUDE_OPTION_NAMES.join(', --')} leave files out of a directory's walk; an image's SBOM lists all of its packages`);
    const locator = imageLocator(values, positionals, io);
    result = await inventory(imageInventorySource(locator));
    if (!result.layers) {
      // Not opened, or a layer failed verification (or could not be read to its end): an SBOM would list unverified bytes.
      for (const error of result.report.errors) io.stderr(`rampart: ${formatScanError(error)}\n`);
      return EXIT_CODES.scanErrors;
    }
    const digest = result.report.target?.digest;
    subject = { type: 'image', name: locator.reference, ...(digest ? { digest } : {}), layers: result.layers };
  }

  const text = formatter.format({ subject, inventory: result.inventory, ...(matching ? { vulnerabilities: result.report.vulnerabilities } : {}) });
  await writeOutput(text, values, io);
  const { errors } = result.report;
  for (const error of errors) {
    io.stderr(`rampart: ${error.level ?? 'error'}: ${formatScanError(error)}\n`);
  }
  return errors.some((e) => (e.level ?? 'error') === 'error') ? EXIT_CODES.scanErrors : EXIT_CODES.clean;
}
