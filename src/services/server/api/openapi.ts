import { TOOL_VERSION } from '../../../core/version.js';
import type { RouteSpec } from './routes.js';
import type { JsonSchema } from './schemas.js';

/**
 * OpenAPI 3.1 from the route table (no @fastify/swagger here): paths, parameters from the query and path schemas,
 * request bodies and responses from the same schemas fastify enforces. 3.1 takes JSON Schema as is, `$defs` included.
 */
export function openApiDocument(routes: readonly RouteSpec[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const parameters = [
      ...parametersOf(route.schema.params, 'path'),
      ...parametersOf(route.schema.querystring, 'query'),
    ];
    const responses = Object.fromEntries(
      Object.entries(route.schema.response ?? { 200: {} }).map(([code, schema]) => [code, {
        description: code.startsWith('2') ? 'Success' : code === '401' ? 'No valid bearer token' : code === '403' ? 'The token lacks the scope' : 'Refused',
        ...(Object.keys(schema).length > 0 ? { content: { 'application/json': { schema } } } : {}),
      }]),
    );
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: {
        summary: route.summary,
        tags: route.tags,
        operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
        ...(route.scope === 'public' ? { security: [] } : { 'x-rampart-scope': route.scope }),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(route.schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.schema.body } } } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Rampart server API', version: TOOL_VERSION, description: 'Bearer tokens with scopes read, ingest and admin (admin implies both); see docs/server.md.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

function parametersOf(schema: JsonSchema | undefined, where: 'query' | 'path'): JsonSchema[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(property.type === 'array' ? { explode: true } : {}),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}
