/** Lowercase canonical UUID; assignment patterns are case-insensitive, so upper-case UUIDs match too. */
export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * A value assigned to a setting whose name matches `name`: `NAME=v`, `name: "v"`, `"name": "v"`, `name := v`,
 * `name => v`, `tool --flag=v`, a `Name: v` header, and the Kubernetes `- name: NAME` + `value: v` pair. For formats
 * only recognisable by the setting they sit in. Case-insensitive; every repetition is bounded so the scan stays linear.
 * A name on a parent YAML key (`vultr:` / `  api_key: v`) is not followed.
 */
export function assignmentPattern(name: string, value: string): RegExp {
  // `[\w.-]` continues the setting name (HEROKU_API_KEY); the optional part is a CLI flag (`vercel --token=`).
  const nameTail = String.raw`[\w.-]{0,30}?(?:[ \t]{1,4}--?[\w-]{1,30})?`;
  const operator = String.raw`(?:["'\]]{0,2}[ \t]{0,4}(?:=>|:=|\?=|=|:)|["']?[ \t]{0,4}\r?\n[ \t]{0,40}value[ \t]{0,4}:)`;
  const opening = String.raw`[ \t]{0,4}["'\x60]?`;
  const end = String.raw`(?![\w+/=~-])`;
  return new RegExp(`(?:${name})${nameTail}${operator}${opening}(?<secret>${value})${end}`, 'i');
}
