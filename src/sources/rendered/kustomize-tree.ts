import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseYamlFile, type YamlDocument } from '../../parsers/kubernetes/documents.js';
import { extractObjects, isKubernetesShaped, type KubernetesObject } from '../../parsers/kubernetes/objects.js';
import { asArray, asRecord, asString } from '../../parsers/kubernetes/values.js';
import { isDirectory, isFile } from './files.js';

/**
 * The source side of a kustomization: every kustomization reached through `resources:`/`components:`,
 * the documents they list and the patches they apply, so rendered objects can be traced back.
 */

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface KustomizationLevel {
  file: string;
  document: YamlDocument;
  config: Record<string, unknown>;
  parent: KustomizationLevel | undefined;
  /** A component transforms its parent's resources, so its patches apply to them too. */
  components: KustomizationLevel[];
  patches: PatchSource[];
}

export interface SourceResource {
  object: KubernetesObject;
  level: KustomizationLevel;
  /** Names the object may carry in the output: its own, then with each level's prefix and suffix. */
  names: string[];
}

export interface GeneratedResource {
  kind: 'ConfigMap' | 'Secret';
  level: KustomizationLevel;
  /** Path of the generator entry in the kustomization document. */
  entryPath: (string | number)[];
  names: string[];
}

export interface PatchTarget {
  kind?: string;
  name?: string;
  labelSelector?: string;
}

export type PatchSource =
  | { type: 'merge'; level: KustomizationLevel; document: YamlDocument; target: PatchTarget | undefined }
  | { type: 'json'; level: KustomizationLevel; document: YamlDocument; target: PatchTarget | undefined }
  /** An inline patch: fields are located at its entry in the kustomization file. */
  | { type: 'inline'; level: KustomizationLevel; value: unknown; entryPath: (string | number)[]; target: PatchTarget | undefined };

/** A file or kustomization that kustomize would fetch over the network (or clone with git) rather than read. */
export interface RemoteReference {
  level: KustomizationLevel;
  /** Where the reference is written in the level's kustomization document. */
  entryPath: (string | number)[];
  reference: string;
}

export interface KustomizationTree {
  root: KustomizationLevel;
  resources: SourceResource[];
  generated: GeneratedResource[];
  consumed: Set<string>;
  /** Files read as resources (manifests), as opposed to patches, generator inputs and configs. */
  manifests: Set<string>;
  remote: RemoteReference[];
}

export async function findKustomizationFile(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(dir, name);
    if (await isFile(file)) return file;
  }
  return undefined;
}

export async function loadKustomizationTree(rootFile: string, display: (absPath: string) => string): Promise<KustomizationTree | undefined> {
  const tree: Omit<KustomizationTree, 'root'> = { resources: [], generated: [], consumed: new Set(), manifests: new Set(), remote: [] };
  const loader = new Loader(tree, display);
  const root = await loader.level(rootFile, undefined, [], new Set());
  return root ? { ...tree, root } : undefined;
}

class Loader {
  constructor(
    private readonly tree: Omit<KustomizationTree, 'root'>,
    private readonly display: (absPath: string) => string,
  ) {}

  async level(
    file: string,
    parent: KustomizationLevel | undefined,
    outerAffixes: Affix[],
    visiting: Set<string>,
  ): Promise<KustomizationLevel | undefined> {
    if (visiting.has(file)) return undefined;
    const document = await this.parse(file);
    const config = asRecord(document?.value);
    if (!document || !config) return undefined;
    const dir = dirname(file);
    const level: KustomizationLevel = { file, document, config, parent, components: [], patches: [] };
    const affixes = [{ prefix: asString(config.namePrefix) ?? '', suffix: asString(config.nameSuffix) ?? '' }, ...outerAffixes];
    const inner = new Set(visiting).add(file);

    for (const entry of [...this.local(level, 'resources'), ...this.local(level, 'bases')]) {
      await this.resource(resolve(dir, entry), level, affixes, inner);
    }
    for (const entry of this.local(level, 'components')) {
      const nested = await this.kustomizationIn(resolve(dir, entry));
      const component = nested && (await this.level(nested, level, affixes, inner));
      if (component) level.components.push(component);
    }
    await this.patches(level, dir);
    this.generators(level, dir, affixes);
    this.auxiliaryFiles(level, dir);
    return level;
  }

  /** The local entries of a list field; remote ones are recorded, never read. */
  private local(level: KustomizationLevel, field: string, within: unknown = level.config[field], path: (string | number)[] = [field]): string[] {
    return stringList(within).filter((entry, index) => this.isLocal(level, entry, [...path, index]));
  }

  private isLocal(level: KustomizationLevel, entry: string, entryPath: (string | number)[]): boolean {
    if (!isRemote(entry)) return true;
    this.tree.remote.push({ level, entryPath, reference: entry });
    return false;
  }

  /** A single file field (`path:`), when it is local. */
  private localFile(level: KustomizationLevel, value: unknown, entryPath: (string | number)[]): string[] {
    const path = asString(value);
    return path !== undefined && this.isLocal(level, path, entryPath) ? [path] : [];
  }

  private async resource(path: string, level: KustomizationLevel, affixes: Affix[], visiting: Set<string>): Promise<void> {
    const nested = await this.kustomizationIn(path);
    if (nested) {
      await this.level(nested, level, affixes, visiting);
      return;
    }
    const document = await this.parseAll(path);
    if (document) this.tree.manifests.add(path);
    for (const object of document ? extractObjects(document) : []) {
      this.tree.resources.push({ object, level, names: object.name ? namesOf(object.name, affixes) : [] });
    }
  }

  private async patches(level: KustomizationLevel, dir: string): Promise<void> {
    const entries: [string, unknown, number][] = [
      ...asArray(level.config.patches).map((e, i): [string, unknown, number] => ['patches', e, i]),
      ...asArray(level.config.patchesJson6902).map((e, i): [string, unknown, number] => ['patchesJson6902', e, i]),
      ...asArray(level.config.patchesStrategicMerge).map((e, i): [string, unknown, number] => ['patchesStrategicMerge', e, i]),
    ];
    for (const [field, entry, index] of entries) {
      const record = asRecord(entry);
      const target = targetOf(record?.target);
      const path = typeof entry === 'string' && field === 'patchesStrategicMerge' && !entry.includes('\n') ? entry : asString(record?.path);
      if (path && !this.isLocal(level, path, typeof entry === 'string' ? [field, index] : [field, index, 'path'])) continue;
      if (path) {
        const parsed = await this.parseAll(resolve(dir, path));
        for (const document of parsed?.documents ?? []) {
          level.patches.push({ type: Array.isArray(document.value) ? 'json' : 'merge', level, document, target });
        }
        continue;
      }
      const inline = typeof entry === 'string' ? entry : asString(record?.patch);
      if (inline === undefined) continue;
      const entryPath = typeof entry === 'string' ? [field, index] : [field, index, 'patch'];
      for (const document of parseYamlFile('inline patch', inline).documents) {
        level.patches.push({ type: 'inline', level, value: document.value, entryPath, target });
      }
    }
  }

  private generators(level: KustomizationLevel, dir: string, affixes: Affix[]): void {
    for (const [field, kind] of [
      ['configMapGenerator', 'ConfigMap'],
      ['secretGenerator', 'Secret'],
    ] as const) {
      asArray(level.config[field]).forEach((entry, index) => {
        const record = asRecord(entry);
        const name = asString(record?.name);
        if (!record || !name) return;
        this.tree.generated.push({ kind, level, entryPath: [field, index], names: namesOf(name, affixes) });
        // `files: [key=path]`, `envs: [path]`: consumed so the walker does not read them as manifests.
        for (const key of ['files', 'envs', 'env']) {
          stringList(record[key]).forEach((item, i) => {
            const path = item.slice(item.indexOf('=') + 1);
            if (this.isLocal(level, path, [field, index, key, i])) this.tree.consumed.add(resolve(dir, path));
          });
        }
      });
    }
  }

  /** Other files kustomize reads (transformer configs, CRD schemas, replacements): not plain manifests. */
  private auxiliaryFiles(level: KustomizationLevel, dir: string): void {
    const config = level.config;
    const files = [
      ...['crds', 'configurations', 'transformers', 'generators', 'validators'].flatMap((field) => this.local(level, field)),
      ...asArray(config.replacements).flatMap((r, i) => this.localFile(level, asRecord(r)?.path, ['replacements', i, 'path'])),
      ...this.localFile(level, asRecord(config.openapi)?.path, ['openapi', 'path']),
    ];
    for (const file of files) if (!file.includes('\n')) this.tree.consumed.add(resolve(dir, file));
  }

  private async kustomizationIn(path: string): Promise<string | undefined> {
    if (!(await isDirectory(path))) return undefined;
    return findKustomizationFile(path);
  }

  private async parse(file: string): Promise<YamlDocument | undefined> {
    return (await this.parseAll(file))?.documents[0];
  }

  private async parseAll(file: string): Promise<ReturnType<typeof parseYamlFile> | undefined> {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    this.tree.consumed.add(file);
    return parseYamlFile(this.display(file), text);
  }
}

interface Affix {
  prefix: string;
  suffix: string;
}

/** `api` → [`api`, `shop-api`, `prod-shop-api`]: the name after each level's namePrefix/nameSuffix. */
function namesOf(name: string, affixes: Affix[]): string[] {
  const names = [name];
  let current = name;
  for (const { prefix, suffix } of affixes) {
    current = `${prefix}${current}${suffix}`;
    names.push(current);
  }
  return names;
}

function stringList(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/**
 * What kustomize fetches instead of reading: URLs (`file://` too, which it clones with git from anywhere on disk; a
 * `git::` prefix is stripped),
 * scp-like git addresses, well-known hosts, git query parameters, and `host.tld/org/repo//path`. Anything this misses
 * still cannot reach the network offline (see toolEnvironment).
 */
function isRemote(entry: string): boolean {
  // Transformer and generator entries may be inline YAML documents rather than references.
  if (entry.includes('\n')) return false;
  return /^([a-z]+::)?[a-z][\w+.-]*:\/\/|^[\w.-]+@[\w.-]+:|^(github|gitlab|bitbucket)\.\w+\/|[?&](ref|version|timeout|submodules)=|^[\w-]+(\.[\w-]+)+\/.*\/\//i.test(entry.trim());
}

function targetOf(value: unknown): PatchTarget | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const kind = asString(record.kind);
  const name = asString(record.name);
  const labelSelector = asString(record.labelSelector);
  return { ...(kind ? { kind } : {}), ...(name ? { name } : {}), ...(labelSelector ? { labelSelector } : {}) };
}

/** Kind and name a merge patch addresses: its target, else its own `kind` and `metadata.name`. */
export function mergePatchTarget(value: unknown, target: PatchTarget | undefined): PatchTarget | undefined {
  if (target) return target;
  if (!isKubernetesShaped(value)) return undefined;
  const name = asString(asRecord(value.metadata)?.name);
  return { kind: value.kind, ...(name ? { name } : {}) };
}
