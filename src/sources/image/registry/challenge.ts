/** One `WWW-Authenticate` challenge (RFC 7235): a scheme and its auth-params, names lowercased. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Parses every challenge in a header value. Malformed trailing parts are dropped rather than thrown on: the header comes
 * from a server, and a usable first challenge should still be used.
 */
export function parseChallenges(header: string | string[] | undefined): AuthChallenge[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.flatMap(parseHeaderValue);
}

function parseHeaderValue(value: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = value;
  let current: AuthChallenge | undefined;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (rest === '') break;
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) break;
    const afterName = rest.slice(name.length).replace(/^\s+/, '');
    if (current && afterName.startsWith('=')) {
      const parsed = readValue(afterName.slice(1).replace(/^\s+/, ''));
      if (parsed === undefined) break;
      current.params[name.toLowerCase()] = parsed.value;
      rest = parsed.rest;
      continue;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    rest = afterName;
  }
  return challenges;
}

function readValue(text: string): { value: string; rest: string } | undefined {
  if (!text.startsWith('"')) {
    const token = TOKEN.exec(text)?.[0];
    return token === undefined ? undefined : { value: token, rest: text.slice(token.length) };
  }
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      value += text[++i];
    } else if (char === '"') {
      return { value, rest: text.slice(i + 1) };
    } else {
      value += char;
    }
  }
  return undefined;
}
