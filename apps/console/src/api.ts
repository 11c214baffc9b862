import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi';

export type Schemas = components['schemas'];
export type ApiClient = Client<paths>;

/** What the hub's error envelope says (`{ error: { code, message }, requestId }`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** REQUEST.INVALID's failing fields, one line each (`field: message`). */
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

export function createApiClient(key: string, baseUrl = window.location.origin): ApiClient {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } });
}

interface Envelope {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  requestId?: unknown;
}

/** The validation problems of a REQUEST.INVALID envelope (`[{ field, messages }]`); nothing for other details. */
function problemsOf(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((problem: { field?: unknown; messages?: unknown }) =>
    typeof problem?.field === 'string' && Array.isArray(problem.messages)
      ? problem.messages.map((m) => `${problem.field as string}: ${String(m)}`)
      : [],
  );
}

function toApiError(response: Response, body: unknown): ApiError {
  const envelope = (typeof body === 'object' && body !== null ? body : {}) as Envelope;
  const code = typeof envelope.error?.code === 'string' ? envelope.error.code : `HTTP.${response.status}`;
  const message =
    typeof envelope.error?.message === 'string'
      ? envelope.error.message
      : response.statusText || 'request failed';
  return new ApiError(
    response.status,
    code,
    message,
    typeof envelope.requestId === 'string' ? envelope.requestId : undefined,
    problemsOf(envelope.error?.details),
  );
}

interface Outcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The response body of a successful call; any other status becomes an ApiError carrying the envelope. */
export async function must<R extends Outcome>(call: Promise<R>): Promise<Exclude<R['data'], undefined>> {
  let outcome: R;
  try {
    outcome = await call;
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!outcome.response.ok) throw toApiError(outcome.response, outcome.error);
  return outcome.data as Exclude<R['data'], undefined>;
}

/** Every region, following nextCursor (the list is paged like every admin list). */
export async function allRegions(client: ApiClient): Promise<Schemas['RegionDto'][]> {
  const regions: Schemas['RegionDto'][] = [];
  let cursor: string | undefined;
  do {
    const page = await must(client.GET('/admin/v1/regions', { params: { query: { limit: 200, cursor } } }));
    regions.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return regions;
}
