/** Name parts that mean the value is a credential; `_FILE`/`_PATH` names hold a location, not a secret. */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)(_|$)/i;
const NOT_A_SECRET = /(_FILE|_PATH|_DIR|_URL|_NAME|_USER(NAME)?|_ID|_LENGTH|_HEADER|_ENDPOINT|_TYPE|_KIND)$/i;
/** Values that are obviously placeholders or references, not secrets. */
const PLACEHOLDER = /^(|\$.*|<.*>|changeme|change-me|xxx+|\*+|none|null|false|true|dummy|example|placeholder|\.\.\.)$/i;

/**
 * True when a variable assignment (ENV, ARG default, build argument) bakes a literal secret into
 * the image: the name reads as a credential and the value is neither missing nor a placeholder.
 */
export function isLiteralSecret(name: string, value: string | undefined): boolean {
  if (value === undefined || PLACEHOLDER.test(value.trim())) return false;
  return SECRET_NAME.test(name) && !NOT_A_SECRET.test(name);
}
