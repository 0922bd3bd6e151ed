import { CelScalar, celFunc, celMethod, type CelFunc, type CelValue } from '@bufbuild/cel';
import { SemVer } from 'semver';
import { opaqueType } from '../opaque.js';

export type Semver = SemVer;

const { STRING, BOOL, INT } = CelScalar;

/** Strict SemVer 2.0 as blang/semver's Parse reads it: no leading `v` or `=`, no missing parts. */
function parseSemver(text: string, normalize: boolean): SemVer | undefined {
  let input = text;
  if (normalize) {
    // Kubernetes' normalize: drop a leading v and pad missing minor and patch with zeros.
    input = input.replace(/^v/, '');
    const core = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(input);
    if (core) input = `${Number(core[1])}.${Number(core[2] ?? 0)}.${Number(core[3] ?? 0)}${core[4]}`;
  }
  if (!/^\d/.test(input)) return undefined;
  try {
    const parsed = new SemVer(input, { loose: false });
    return parsed.raw === input || parsed.version === input ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export const semverType = opaqueType<Semver>('semver');
const SEMVER = semverType.type;

function of(value: CelValue): SemVer {
  const version = semverType.unwrap(value);
  if (!version) throw new Error('not a semver');
  return version;
}

function make(text: string, normalize: boolean) {
  const version = parseSemver(text, normalize);
  if (!version) throw new Error(`could not parse ${JSON.stringify(text)} as semver`);
  return semverType.wrap(version, version.version);
}

/** Kubernetes' semver library (k8s.io/apiserver/pkg/cel/library/semverlib.go). */
export const semverFunctions: CelFunc[] = [
  celFunc('semver', [STRING], SEMVER, (text) => make(text, false)),
  celFunc('semver', [STRING, BOOL], SEMVER, (text, normalize) => make(text, normalize)),
  celFunc('isSemver', [STRING], BOOL, (text) => parseSemver(text, false) !== undefined),
  celFunc('isSemver', [STRING, BOOL], BOOL, (text, normalize) => parseSemver(text, normalize) !== undefined),
  celMethod('major', SEMVER, [], INT, function () {
    return BigInt(of(this).major);
  }),
  celMethod('minor', SEMVER, [], INT, function () {
    return BigInt(of(this).minor);
  }),
  celMethod('patch', SEMVER, [], INT, function () {
    return BigInt(of(this).patch);
  }),
  celMethod('isGreaterThan', SEMVER, [SEMVER], BOOL, function (other) {
    return of(this).compare(of(other)) > 0;
  }),
  celMethod('isLessThan', SEMVER, [SEMVER], BOOL, function (other) {
    return of(this).compare(of(other)) < 0;
  }),
  celMethod('compareTo', SEMVER, [SEMVER], INT, function (other) {
    return BigInt(of(this).compare(of(other)));
  }),
];
