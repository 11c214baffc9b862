export {
  adminActor,
  applianceActor,
  type CallContext,
  Caller,
  CurrentAdmin,
  CurrentAppliance,
} from './controllers/caller.decorators';
export {
  Admin,
  Agent,
  Public,
  REQUIRED_SCOPE_EXTENSION,
  ROUTE_ACCESS,
  type RouteAccess,
} from './controllers/route-access';
export { ADMIN_PERMISSIONS, type AdminPermission } from './domain/admin-scopes';
export { mintApiKey } from './domain/api-key';
export type { AdminPrincipal, AppliancePrincipal } from './domain/principal';
export { IdentityModule } from './identity.module';
export { FirstRunRepository } from './repositories/first-run.repository';
export { ApiKeyAuthenticator } from './services/api-key-authenticator';
export { FAILED_AUTH_LIMITER } from './services/auth.tokens';
export { FailedAuthLimiter } from './services/failed-auth-limiter';
export { type FirstRunOutcome, FirstRunService } from './services/first-run.service';
export { KeyUsageRecorder } from './services/key-usage.recorder';
