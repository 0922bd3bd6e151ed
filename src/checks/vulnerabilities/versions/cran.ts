import { compareNumberLists, defineOrdering, type VersionOrdering } from './ordering.js';

/** R's valid_package_version: at least two non-negative integers, each separator a single '.' or '-'. */
const PACKAGE_VERSION = /^\d+(?:[.-]\d+)+$/;

/** The components, trailing zeros dropped: R right-pads the encoded versions it compares with zeros. */
function parseCran(version: string): string[] | undefined {
  if (!PACKAGE_VERSION.test(version)) return undefined;
  const components = version.split(/[.-]/);
  while (components.length > 0 && /^0+$/.test(components[components.length - 1]!)) components.pop();
  return components;
}

/**
 * CRAN: R's package_version. The separators carry no meaning (`1.2-3` = `1.2.3`), components compare as integers
 * (`1.01` = `1.1`), and trailing zeros do not count (`1.0` = `1.0.0`), as in R's Ops.numeric_version.
 */
export const cranOrdering: VersionOrdering = defineOrdering(parseCran, compareNumberLists);
