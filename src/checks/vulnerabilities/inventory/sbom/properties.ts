/** CycloneDX property names Rampart writes and reads back, so its own SBOMs round-trip without loss. */
export const PROPERTY = {
  file: 'rampart:package:file',
  ecosystem: 'rampart:package:ecosystem',
  sourceName: 'rampart:package:source-name',
  sourceVersion: 'rampart:package:source-version',
  dev: 'rampart:package:dev',
  layerDigest: 'rampart:package:layer-digest',
  layerDiffId: 'rampart:package:layer-diff-id',
} as const;

/** Trivy's names for the same source-package facts, read so its SBOMs match OS advisories too. */
export const TRIVY_PROPERTY = {
  sourceName: 'aquasecurity:trivy:SrcName',
} as const;
