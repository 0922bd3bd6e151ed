import { parseYamlFile, type ParsedYamlFile } from '../../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../../parsers/kubernetes/objects.js';
import { ENCRYPTION_API_VERSION, isEncryptionConfig, readEncryptionConfig, type EncryptionConfig } from '../../parsers/encryption-config/config.js';
import { readTextFile } from '../../sources/directory/read-input.js';

/** An encryption configuration is a few KiB; anything much larger is not one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The file cannot be used at all: unreadable, not YAML, no EncryptionConfiguration in it, or invalid (exit 3). */
export class EncryptionConfigError extends Error {}

export interface LoadedConfig {
  path: string;
  text: string;
  parsed: ParsedYamlFile;
  object: KubernetesObject;
  config: EncryptionConfig;
}

/** Reads and parses the file; structural problems are left in `config.problems` for the caller to judge. */
export function readConfigFile(path: string, display = path): LoadedConfig {
  const read = readTextFile(path, display, MAX_CONFIG_BYTES);
  if (!read.ok) throw new EncryptionConfigError(`${display}: ${read.error.message}`);
  const parsed = parseYamlFile(display, read.text);
  const broken = parsed.errors.find((e) => e.level !== 'warning');
  if (broken) throw new EncryptionConfigError(`${display}${broken.line ? `:${broken.line}` : ''}: ${broken.message}`);
  const objects = extractObjects(parsed).filter((o) => isEncryptionConfig(o.raw));
  if (objects.length !== 1) {
    throw new EncryptionConfigError(`${display}: expected one EncryptionConfiguration (apiVersion ${ENCRYPTION_API_VERSION}), found ${objects.length}`);
  }
  const object = objects[0]!;
  return { path, text: read.text, parsed, object, config: readEncryptionConfig(object.raw) };
}

/** For verify and rotate, which act on the configuration: a structurally broken one is refused. */
export function loadConfigFile(path: string, display = path): LoadedConfig {
  const loaded = readConfigFile(path, display);
  const problem = loaded.config.problems[0];
  if (problem) {
    const { location } = loaded.object.locate(problem.path);
    throw new EncryptionConfigError(`${display}:${location.startLine}:${location.startColumn}: ${problem.message} (run \`rampart encryption validate\`)`);
  }
  return loaded;
}
