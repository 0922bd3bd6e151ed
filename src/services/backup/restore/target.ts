import type { ApiGetter } from '../../../sources/cluster/client.js';
import { resourceTypes, type ResourceType } from '../../../sources/cluster/discovery.js';
import { ApiError } from '../../../sources/cluster/errors.js';
import { asArray, asRecord } from '../../../parsers/kubernetes/values.js';

/** How a stored object is written to the target. */
export type Resolution =
  | { state: 'served'; type: ResourceType }
  /** The stored version is not served, the kind is at another version of the group: written there, the server validates. */
  | { state: 'converted'; type: ResourceType; from: string }
  | { state: 'missing'; reason: string };

interface Group {
  preferred: string;
  versions: string[];
}

/**
 * The target's API as discovery shows it: every served version of every group (not only the preferred one), read
 * lazily per group version and cached; `refresh` forgets it after CustomResourceDefinitions were created.
 */
export class TargetApi {
  private groups: Promise<Map<string, Group>> | undefined;
  private readonly versions = new Map<string, Promise<ResourceType[]>>();

  constructor(private readonly client: ApiGetter) {}

  refresh(): void {
    this.groups = undefined;
    this.versions.clear();
  }

  async resolve(apiVersion: string, kind: string): Promise<Resolution> {
    const [group, version] = splitApiVersion(apiVersion);
    const served = (await this.groupList()).get(group);
    if (!served) return { state: 'missing', reason: group ? `the target serves no API group ${group} (a CustomResourceDefinition or aggregated API is missing)` : 'the target serves no core API' };
    if (served.versions.includes(version)) {
      const type = (await this.typesOf(group, version)).find((candidate) => candidate.kind === kind);
      if (type) return { state: 'served', type };
    }
    // The preferred version first: it is the one the server converts best to and from.
    for (const other of [served.preferred, ...served.versions.filter((v) => v !== served.preferred)]) {
      if (other === version) continue;
      const type = (await this.typesOf(group, other)).find((candidate) => candidate.kind === kind);
      if (type) return { state: 'converted', type, from: apiVersion };
    }
    return { state: 'missing', reason: `the target serves ${group || 'the core group'} at ${served.versions.join(', ')} without kind ${kind}` };
  }

  private groupList(): Promise<Map<string, Group>> {
    this.groups ??= (async () => {
      const groups = new Map<string, Group>();
      const core = asArray(asRecord(await this.client.getJson('/api'))?.versions).filter((v): v is string => typeof v === 'string');
      groups.set('', { preferred: core[0] ?? 'v1', versions: core });
      for (const entry of asArray(asRecord(await this.client.getJson('/apis'))?.groups)) {
        const group = asRecord(entry);
        if (typeof group?.name !== 'string') continue;
        const versions = asArray(group.versions).map((v) => asRecord(v)?.version).filter((v): v is string => typeof v === 'string');
        const preferred = asRecord(group.preferredVersion)?.version;
        groups.set(group.name, { preferred: typeof preferred === 'string' ? preferred : versions[0] ?? '', versions });
      }
      return groups;
    })();
    return this.groups;
  }

  private typesOf(group: string, version: string): Promise<ResourceType[]> {
    const groupVersion = group ? `${group}/${version}` : version;
    let types = this.versions.get(groupVersion);
    if (!types) {
      types = (async () => {
        try {
          return resourceTypes(group, groupVersion, await this.client.getJson(group ? `/apis/${groupVersion}` : `/api/${version}`));
        } catch (error) {
          // An aggregated API that is down answers 503: its kinds are missing, not the whole restore.
          if (error instanceof ApiError && (error.status === 404 || error.status === 503)) return [];
          throw error;
        }
      })();
      this.versions.set(groupVersion, types);
    }
    return types;
  }
}

export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
