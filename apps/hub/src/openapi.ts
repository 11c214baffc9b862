import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';

/**
 * The OpenAPI document as a client generator needs it: every operation names its error statuses with the
 * one envelope schema, public routes say `security: []`, and operation ids read as verbs. What is true of
 * every route of a kind (authenticated, with a body, with a path id, on the database) is added here once;
 * what only a route knows (409 ACCOUNT.NAME_TAKEN, 410 IDEMPOTENCY.BACKUP_GONE) is declared on its handler.
 */

export const ERROR_ENVELOPE = 'ErrorEnvelope';

const ENVELOPE_SCHEMAS: Record<string, SchemaObject> = {
  ValidationProblem: {
    type: 'object',
    description: 'One field that failed validation, named by its path in the input (`backups.0.id`).',
    required: ['field', 'messages'],
    properties: {
      field: { type: 'string', example: 'targetRegion' },
      messages: { type: 'array', items: { type: 'string' }, example: ['targetRegion must be a string'] },
    },
  },
  [ERROR_ENVELOPE]: {
    type: 'object',
    description: 'Every error: branch on `error.code` (stable), never on `error.message`.',
    required: ['error', 'requestId'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', example: 'REQUEST.INVALID' },
          message: { type: 'string', example: 'Request validation failed' },
          details: {
            description:
              'REQUEST.INVALID: the failing fields (ValidationProblem[]); other codes say what they carry ' +
              '(for example LATENCY.INVALID_IMPORT: `{ problems: [{ line, code, message }] }`).',
            oneOf: [
              { type: 'array', items: { $ref: '#/components/schemas/ValidationProblem' } },
              { type: 'object', additionalProperties: true },
            ],
          },
          errorId: { type: 'string', format: 'uuid', description: 'Set on 500s: the id the hub logged' },
        },
      },
      requestId: { type: 'string', description: 'Also in the x-request-id response header' },
    },
  },
};

/** What each status means on any route of its kind (a handler's own description, when it has one, wins). */
const GENERIC: Record<string, string> = {
  '400':
    'REQUEST.INVALID (details: the failing fields), REQUEST.INVALID_CHARACTERS, REQUEST.INVALID_ID, ' +
    'REQUEST.MALFORMED_JSON, REQUEST.TOO_DEEP, REQUEST.BAD_URL',
  '401': 'AUTH.MISSING_KEY, AUTH.INVALID_KEY, AUTH.REVOKED_KEY',
  '403': 'AUTH.WRONG_KEY_KIND, AUTH.MISSING_PERMISSION',
  '404': 'The resource named in the path does not exist (*.NOT_FOUND)',
  '413': 'REQUEST.BODY_TOO_LARGE: the body exceeds 1 MiB',
  '415': 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  '429': 'AUTH.RATE_LIMITED: too many failed authentications from this address (see Retry-After)',
  '503': 'DATABASE.UNAVAILABLE: retry after the time in Retry-After',
};

/** Routes that answer without the database (liveness and metrics must work while it is down). */
const WITHOUT_DATABASE = new Set(['/healthz', '/metrics']);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, ...ENVELOPE_SCHEMAS };
  for (const [path, item] of Object.entries<PathItemObject>(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(path, operation);
    }
  }
  return document;
}

/** `paths` with `item` at `path`, placed before `before` (the order clients are generated in stays put). */
export function withPath(
  paths: OpenAPIObject['paths'],
  path: string,
  item: PathItemObject,
  { before }: { before: string },
): OpenAPIObject['paths'] {
  const entries = Object.entries(paths).filter(([key]) => key !== path);
  const at = entries.findIndex(([key]) => key === before);
  entries.splice(at < 0 ? entries.length : at, 0, [path, structuredClone(item)]);
  return Object.fromEntries(entries);
}

function completeOperation(path: string, operation: OperationObject): void {
  const secured = (operation.security?.length ?? 0) > 0;
  if (!secured) operation.security = [];
  operation.parameters = uniqueParameters(operation.parameters ?? []);
  const statuses = ['400'];
  if (secured) statuses.push('401', '403', '429');
  if (path.includes('{')) statuses.push('404');
  if (operation.requestBody) statuses.push('413', '415');
  if (!WITHOUT_DATABASE.has(path)) statuses.push('503');
  const responses = operation.responses;
  for (const status of statuses) responses[status] = responses[status] ?? { description: GENERIC[status] };
  for (const [status, response] of Object.entries(responses) as [
    string,
    ResponseObject | ReferenceObject,
  ][]) {
    if (!/^[45]\d\d$/.test(status) || '$ref' in response) continue;
    const declared = response;
    // A response with its own schema (readiness's 503 report) keeps it; every other error is the envelope.
    if (declared.content) continue;
    declared.description = declared.description || GENERIC[status] || 'Error';
    declared.content = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_ENVELOPE}` } } };
  }
}

/**
 * A header read with `@Headers('x')` and documented with `@ApiHeader` appears twice (once as required);
 * the documented one is kept.
 */
function uniqueParameters(
  parameters: (ParameterObject | ReferenceObject)[],
): (ParameterObject | ReferenceObject)[] {
  const seen = new Map<string, ParameterObject | ReferenceObject>();
  for (const parameter of parameters) {
    if ('$ref' in parameter) {
      seen.set(parameter.$ref, parameter);
      continue;
    }
    const key = `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
    const earlier = seen.get(key) as ParameterObject | undefined;
    if (
      !earlier ||
      (earlier.required && !parameter.required) ||
      (!earlier.description && parameter.description)
    ) {
      seen.set(key, parameter);
    }
  }
  return [...seen.values()];
}

/** Operation ids that read as what they do: `listAccounts`, `getAccount`, `revokeApiKey`. */
const RESOURCE: Record<string, { one: string; many: string }> = {
  AccountsAdminController: { one: 'Account', many: 'Accounts' },
  AppliancesAdminController: { one: 'Appliance', many: 'Appliances' },
  ApiKeysAdminController: { one: 'ApiKey', many: 'ApiKeys' },
  TklbamKeysAdminController: { one: 'TklbamKey', many: 'TklbamKeys' },
  TklbamProfilesAdminController: { one: 'TklbamProfile', many: 'TklbamProfiles' },
  AdminBackupsController: { one: 'Backup', many: 'Backups' },
  AgentBackupsController: { one: 'OwnBackup', many: 'OwnBackups' },
  RegionsController: { one: 'Region', many: 'Regions' },
  OverridesController: { one: 'Override', many: 'Overrides' },
  PinsController: { one: 'Pin', many: 'Pins' },
  SuggestionsController: { one: 'Suggestion', many: 'Suggestions' },
  MigrationsController: { one: 'Migration', many: 'Migrations' },
  AuditEventsController: { one: 'AuditEvent', many: 'AuditEvents' },
};

/** Handlers whose names are not `<verb>` over the controller's resource. */
const NAMED: Record<string, string> = {
  'InitController.init': 'init',
  'AuditVerifyController.verify': 'verifyAuditEvents',
  'AgentBackupsController.refreshCredentials': 'refreshBackupCredentials',
  'HealthController.readyz': 'getReadiness',
  'HealthController.metrics': 'getMetrics',
  'ReadinessAdminController.report': 'getReadinessReport',
  'StatsController.get': 'getStats',
  'PlacementAdminController.explain': 'explainPlacement',
  'PlacementAdminController.index': 'getPlacementIndex',
  'PlacementAdminController.map': 'getPlacementMap',
  'PlacementAdminController.preview': 'previewOverride',
  'LatencyReportsController.report': 'reportLatency',
  'LatencyAdminController.importCsv': 'importLatency',
  'LatencyAdminController.resolve': 'resolvePlacement',
  'AccuracyController.get': 'getPlacementAccuracy',
  'AutoApplyController.get': 'getAutoApplyPolicy',
  'AutoApplyController.set': 'putAutoApplyPolicy',
  'OverrideMigrationController.migrate': 'migrateOverrideBackups',
  'TklbamKeysAdminController.issue': 'createTklbamKey',
  'TklbamProfilesAdminController.put': 'putTklbamProfile',
};

export function operationIdFor(controllerKey: string, methodKey: string): string {
  const named = NAMED[`${controllerKey}.${methodKey}`];
  if (named) return named;
  const resource = RESOURCE[controllerKey];
  if (!resource) return methodKey;
  const verb = methodKey === 'remove' ? 'delete' : methodKey;
  return verb === 'list' ? `list${resource.many}` : `${verb}${resource.one}`;
}
