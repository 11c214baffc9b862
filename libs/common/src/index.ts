export { ClockModule } from './clock.module';
export { describeClientError, edgeEnvelope, rawHttpResponse, requestPathOf } from './controllers/edge-errors';
export { type ErrorEnvelope, resolveError } from './controllers/error-envelope';
export { EnvelopeExceptionFilter } from './controllers/exception.filter';
export { observeHttpRequests } from './controllers/http-metrics';
export { requestIdFor } from './controllers/request-id';
export { installRequestLog } from './controllers/request-log';
export { UuidParamPipe } from './controllers/uuid-param.pipe';
export { validationException } from './controllers/validation-problems';
export { decodeBase32, encodeBase32 } from './domain/base32';
export {
  attachClientAddress,
  attributedAddress,
  clientAddressOf,
  type ClientAddressResolver,
  type RequestClientAddress,
} from './domain/client-address';
export { type Clock, CLOCK } from './domain/clock';
export { CREDENTIAL_REVOKER, type CredentialRevoker } from './domain/credential-revoker';
export {
  BY_ID,
  CREATED_AT,
  type ListOrder,
  type ListPosition,
  listRequest,
  type ListRequest,
  type Page,
  type SortCatalogue,
  toPage,
} from './domain/cursor';
export { pageInMemory } from './domain/in-memory-page';
export { isDatabaseUnavailable } from './domain/database-errors';
export { DomainError } from './domain/domain-error';
export { assertStorableInput, inputErrors, jsonNestsDeeperThan, MAX_JSON_DEPTH } from './domain/input-guards';
export { retryWithinBudget } from './domain/retry';
export { secretMatchesHash, sha256Hex } from './domain/secret-hash';
export { IsInstant, NullableField, OptionalField } from './dto/dto-fields';
export { PageOf, PageQuery, SearchParam, SortParam } from './dto/page-query.dto';
export { createRootLogger, PinoNestLogger } from './services/logger';
export { METRICS } from './services/metrics';
export { projectRoot } from './services/project-root';
export { installUnhandledRejectionHandler } from './services/unhandled-rejections';
