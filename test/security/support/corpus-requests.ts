import { randomUUID } from 'node:crypto';
import { BODY_VALUES, PATH_VALUES, QUERY_VALUES, WHOLE_BODIES } from './corpus-values';

/** One request of the corpus, described well enough to reproduce by hand. */
export interface CorpusRequest {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** A write route: a refused request must leave every row as it was. */
  write: boolean;
  /** Set for requests without a valid key, so their failures fill no other request's failed-auth window. */
  remoteAddress?: string;
}

let addressCounter = 0;
function aFreshAddress(): string {
  addressCounter += 1;
  return `10.99.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
};

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Array<Record<string, unknown>>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface CorpusContext {
  /** Keys by the OpenAPI security scheme name they satisfy. */
  keys: Record<string, string>;
  /** Real ids for path parameters, by the path before the parameter (`admin/v1/backups`) or its last segment. */
  pathIds: Record<string, string>;
  /** Valid values of fields the fixtures need to pin (so valid variants cannot disturb the rest of the run). */
  fieldValues: Record<string, unknown>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Every route of the hub's own OpenAPI document × every parameter and body field × the malformed values, plus whole
 * malformed bodies. New routes join automatically: nothing here names a route.
 */
export function corpusFromOpenApi(doc: OpenApiDocument, context: CorpusContext): CorpusRequest[] {
  const requests: CorpusRequest[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const headers = authHeaders(op, template, context);
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
      const write = method !== 'get';
      const validPath = (override?: { name: string; raw: string }) =>
        template.replace(/\{([^}]+)\}/g, (_, name: string) =>
          override?.name === name ? override.raw : encodeURIComponent(realPathValue(template, name, context)),
        );
      const baseQuery = queryParams
        .filter((p) => p.required)
        .map((p) => [p.name, String(validValue(doc, p.name, p.schema, context))] as const);
      const queryString = (extra?: [string, string]) => {
        const pairs = baseQuery
          .filter(([name]) => name !== extra?.[0])
          .map(([n, v]) => `${n}=${encodeURIComponent(v)}`);
        if (extra) pairs.push(`${extra[0]}=${extra[1]}`);
        return pairs.length > 0 ? `?${pairs.join('&')}` : '';
      };
      const baseBody = bodySchema ? validObject(doc, bodySchema, context) : undefined;
      const jsonHeaders = { ...headers, 'content-type': 'application/json' };
      const bodyText = baseBody === undefined ? undefined : JSON.stringify(baseBody);
      const send = (label: string, url: string, payload = bodyText, extraHeaders = headers) =>
        requests.push({
          label: `${method.toUpperCase()} ${template} ${label}`,
          method: method.toUpperCase(),
          url,
          headers: payload === undefined ? extraHeaders : { ...jsonHeaders, ...extraHeaders },
          payload,
          write,
        });

      for (const param of pathParams) {
        for (const value of PATH_VALUES) {
          send(
            `path ${param.name}=${value.name}`,
            validPath({ name: param.name, raw: value.raw }) + queryString(),
          );
        }
      }
      for (const param of queryParams) {
        for (const value of QUERY_VALUES) {
          send(`query ${param.name}=${value.name}`, validPath() + queryString([param.name, value.raw]));
        }
        send(
          `query ${param.name} repeated`,
          `${validPath()}${queryString([param.name, 'a'])}&${param.name}=b`,
        );
      }
      send('query unknown NUL parameter', `${validPath()}${queryString(['zz%00', 'a%00b'])}`);
      if (headers.authorization) {
        // The wrong kind of key, a malformed key and none at all, each with a malformed body where there is one.
        const badBody = bodyText === undefined ? undefined : '{"x":"a\\u0000b"}';
        const others = Object.values(context.keys).filter((key) => `Bearer ${key}` !== headers.authorization);
        for (const [label, authorization] of [
          ...others.map((key) => ['wrong kind of key', `Bearer ${key}`] as const),
          ['malformed key', 'Bearer lf_adm_%00_x'] as const,
          ['no key', undefined] as const,
        ]) {
          requests.push({
            label: `${method.toUpperCase()} ${template} ${label}`,
            method: method.toUpperCase(),
            url: validPath() + queryString(),
            headers: {
              ...(authorization ? { authorization } : {}),
              ...(badBody === undefined ? {} : { 'content-type': 'application/json' }),
            },
            payload: badBody,
            write,
            remoteAddress: aFreshAddress(),
          });
        }
      }
      if (bodySchema && baseBody !== undefined) {
        for (const field of Object.keys(resolve(doc, bodySchema)?.properties ?? {})) {
          for (const value of BODY_VALUES) {
            const rest = JSON.stringify({ ...baseBody, [field]: '\u0001CORPUS\u0001' });
            send(
              `body ${field}=${value.name}`,
              validPath() + queryString(),
              rest.replace('"\\u0001CORPUS\\u0001"', value.json),
            );
          }
        }
      }
      if (write) {
        for (const body of WHOLE_BODIES) {
          send(`whole body ${body.name}`, validPath() + queryString(), body.text, {
            ...headers,
            'content-type': body.contentType ?? 'application/json',
          });
        }
      }
    }
  }
  return requests;
}

function authHeaders(op: Operation, template: string, context: CorpusContext): Record<string, string> {
  const scheme = op.security?.flatMap((s) => Object.keys(s)).find((name) => context.keys[name]);
  const key =
    (scheme && context.keys[scheme]) ??
    (template.startsWith('/admin/')
      ? context.keys['admin-key']
      : template.startsWith('/v1/')
        ? context.keys['appliance-key']
        : undefined);
  return key ? { authorization: `Bearer ${key}` } : {};
}

function realPathValue(template: string, name: string, context: CorpusContext): string {
  const segments = template.split('/').filter(Boolean);
  const index = segments.indexOf(`{${name}}`);
  const prefix = segments.slice(0, index).join('/');
  const owner = segments[index - 1] ?? '';
  return context.pathIds[prefix] ?? context.pathIds[owner] ?? randomUUID();
}

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').pop()!]);
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolve(doc, s) ?? {});
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? []),
    };
  }
  return schema;
}

/** The required fields of an object with valid values (what the fixtures pin, else the schema's example). */
function validObject(doc: OpenApiDocument, schema: Schema, context: CorpusContext): Record<string, unknown> {
  const resolved = resolve(doc, schema) ?? {};
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(resolved.properties ?? {})) {
    if (resolved.required?.includes(name) || name in context.fieldValues) {
      result[name] = validValue(doc, name, property, context);
    }
  }
  return result;
}

function validValue(
  doc: OpenApiDocument,
  name: string,
  schema: Schema | undefined,
  context: CorpusContext,
): unknown {
  if (name in context.fieldValues) return context.fieldValues[name];
  const s = resolve(doc, schema) ?? {};
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.format === 'uuid') return randomUUID();
  if (s.format === 'date-time') return '2030-01-01T00:00:00.000Z';
  switch (s.type) {
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [validValue(doc, name, s.items, context)];
    case 'object':
      return validObject(doc, s, context);
    case 'string':
    case undefined:
    default:
      return 'corpus';
  }
}
