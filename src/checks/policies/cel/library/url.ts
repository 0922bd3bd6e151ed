import { CelScalar, celFunc, celMethod, listType, mapType, type CelFunc, type CelValue } from '@bufbuild/cel';
import { opaqueType } from '../opaque.js';

const { STRING, BOOL } = CelScalar;

/**
 * Go's url.ParseRequestURI, which Kubernetes' `url()` uses, accepts absolute URLs and absolute paths; WHATWG's URL
 * (Node's) reads the former, and a base turns a path into one whose path, query and empty host are the Go ones.
 */
function parseUrl(text: string): URL | undefined {
  if (/\s/.test(text) || text === '') return undefined;
  try {
    if (text.startsWith('/')) return new URL(text, 'rampart-relative:/');
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text)) return undefined;
    return new URL(text);
  } catch {
    return undefined;
  }
}

export const urlType = opaqueType<URL>('url');
const URL_TYPE = urlType.type;

function of(value: CelValue): URL {
  const url = urlType.unwrap(value);
  if (!url) throw new Error('not a URL');
  return url;
}

const relative = (url: URL) => url.protocol === 'rampart-relative:';

/** Kubernetes' URL library (k8s.io/apiserver/pkg/cel/library/urls.go). */
export const urlFunctions: CelFunc[] = [
  celFunc('url', [STRING], URL_TYPE, (text) => {
    const url = parseUrl(text);
    if (!url) throw new Error(`URL parse error during conversion from string: ${JSON.stringify(text)}`);
    return urlType.wrap(url, text);
  }),
  celFunc('isURL', [STRING], BOOL, (text) => parseUrl(text) !== undefined),
  celMethod('getScheme', URL_TYPE, [], STRING, function () {
    const url = of(this);
    return relative(url) ? '' : url.protocol.slice(0, -1);
  }),
  celMethod('getHost', URL_TYPE, [], STRING, function () {
    const url = of(this);
    return relative(url) ? '' : url.host;
  }),
  celMethod('getHostname', URL_TYPE, [], STRING, function () {
    const url = of(this);
    return relative(url) ? '' : url.hostname.replace(/^\[(.*)\]$/, '$1');
  }),
  celMethod('getPort', URL_TYPE, [], STRING, function () {
    return of(this).port;
  }),
  celMethod('getEscapedPath', URL_TYPE, [], STRING, function () {
    return of(this).pathname;
  }),
  celMethod('getQuery', URL_TYPE, [], mapType(STRING, listType(STRING)), function () {
    const query = new Map<string, string[]>();
    for (const [key, value] of of(this).searchParams) query.set(key, [...(query.get(key) ?? []), value]);
    return query;
  }),
];
