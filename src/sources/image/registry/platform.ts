import { RegistryError } from './errors.js';

import type { Platform } from '../types.js';

export type { Platform };

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const PART = /^[a-z0-9_.-]+$/i;

/** `os/arch[/variant]`, as `--platform` takes it. */
export function parsePlatform(value: string): Platform {
  const parts = value.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || !parts.every((part) => PART.test(part))) {
    throw new RegistryError('invalid-argument', `invalid platform "${value}": expected os/arch or os/arch/variant (e.g. linux/arm64)`);
  }
  const [os = '', architecture = '', variant] = parts.map((part) => part.toLowerCase());
  return { os, architecture, ...(variant === undefined ? {} : { variant }) };
}

export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/** Variants an image may leave out because they are the architecture's baseline. */
const DEFAULT_VARIANTS: Record<string, string> = { arm64: 'v8' };

function variantOf(platform: Platform): string | undefined {
  return platform.variant || DEFAULT_VARIANTS[platform.architecture];
}

/**
 * The index entry to pull for `wanted`, or undefined. Without a wanted variant the entry without one (or the first)
 * wins, so `linux/arm` picks whatever the image publishes first.
 */
export function matchPlatform<T extends { platform?: Platform }>(entries: readonly T[], wanted: Platform): T | undefined {
  const candidates = entries.filter(
    (entry) => entry.platform?.os === wanted.os && entry.platform.architecture === wanted.architecture,
  );
  if (wanted.variant) return candidates.find((entry) => entry.platform && variantOf(entry.platform) === variantOf(wanted));
  return candidates.find((entry) => !entry.platform?.variant) ?? candidates[0];
}
