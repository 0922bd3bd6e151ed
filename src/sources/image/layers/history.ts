import type { ImageConfig, LayerDescriptor } from '../types.js';

export interface LayerHistory {
  createdBy?: string;
  created?: string;
  comment?: string;
  diffId?: string;
}

const NOP_PREFIX = /^\/bin\/sh -c #\(nop\)\s*/;
const SHELL_PREFIX = /^\/bin\/sh -c\s+/;
const BUILDKIT_SUFFIX = /\s*# buildkit$/;
/** Classic builder's record of build args: `|2 A=1 B=2 /bin/sh -c ...`. */
const BUILD_ARGS = /^\|(\d+)\s+/;

function withoutBuildArgs(command: string): string {
  const match = BUILD_ARGS.exec(command);
  if (!match) return command;
  const words = command.slice(match[0].length).split(' ');
  return words.slice(Number(match[1])).join(' ');
}

/**
 * Makes a history `created_by` read like the Dockerfile line it came from: `/bin/sh -c #(nop)  CMD ["sh"]` becomes
 * `CMD ["sh"]`, `/bin/sh -c apt-get update` and BuildKit's `RUN /bin/sh -c apt-get update # buildkit` become
 * `RUN apt-get update`.
 */
export function cleanCreatedBy(createdBy: string): string {
  let text = createdBy.trim().replace(BUILDKIT_SUFFIX, '');
  if (NOP_PREFIX.test(text)) return text.replace(NOP_PREFIX, '').trim();
  const run = text.startsWith('RUN ');
  if (run) text = text.slice(4).trimStart();
  text = withoutBuildArgs(text);
  if (SHELL_PREFIX.test(text)) return `RUN ${text.replace(SHELL_PREFIX, '')}`;
  return run ? `RUN ${text}` : text;
}

/**
 * One entry per layer, in layer order: history entries marked `empty_layer` (ENV, CMD, ...) made no layer and are
 * skipped; diff IDs come from `rootfs.diff_ids`. Shorter than the layer list when the config lacks history.
 */
export function layerHistory(config: ImageConfig): LayerHistory[] {
  const diffIds = Array.isArray(config.rootfs?.diff_ids) ? config.rootfs.diff_ids : [];
  const entries = (Array.isArray(config.history) ? config.history : []).filter((entry) => entry && entry.empty_layer !== true);
  const count = Math.max(diffIds.length, entries.length);
  const layers: LayerHistory[] = [];
  for (let i = 0; i < count; i++) {
    const layer: LayerHistory = {};
    const entry = entries[i];
    if (typeof entry?.created_by === 'string' && entry.created_by.trim() !== '') layer.createdBy = cleanCreatedBy(entry.created_by);
    if (typeof entry?.created === 'string') layer.created = entry.created;
    if (typeof entry?.comment === 'string') layer.comment = entry.comment;
    if (typeof diffIds[i] === 'string') layer.diffId = diffIds[i];
    layers.push(layer);
  }
  return layers;
}

/** Fills each descriptor's diffId and createdBy from the config; what the descriptor already has wins. */
export function describeLayers(config: ImageConfig, layers: readonly LayerDescriptor[]): LayerDescriptor[] {
  const history = layerHistory(config);
  return layers.map((layer, index) => {
    const described: LayerDescriptor = { ...layer };
    const { diffId, createdBy } = history[index] ?? {};
    if (described.diffId === undefined && diffId !== undefined) described.diffId = diffId;
    if (described.createdBy === undefined && createdBy !== undefined) described.createdBy = createdBy;
    return described;
  });
}
