import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AdminPermission } from '../domain/admin-scopes';

export const ROUTE_ACCESS = 'landfall:route-access';

export type RouteAccess =
  { kind: 'public' } | { kind: 'agent' } | { kind: 'admin'; permission: AdminPermission };

export const AGENT_SECURITY = 'appliance-key';
export const ADMIN_SECURITY = 'admin-key';

/** Anyone may call it: health probes, documentation. */
export const Public = () => SetMetadata(ROUTE_ACCESS, { kind: 'public' } satisfies RouteAccess);

/** Appliance keys only (`lf_app_…`). */
export const Agent = () =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'agent' } satisfies RouteAccess),
    ApiBearerAuth(AGENT_SECURITY),
    ApiSecurity('api-key-header'),
    ApiUnauthorizedResponse({ description: 'AUTH.MISSING_KEY, AUTH.INVALID_KEY, AUTH.REVOKED_KEY' }),
    ApiForbiddenResponse({ description: 'AUTH.WRONG_KEY_KIND (an admin key), AUTH.APPLIANCE_DISABLED' }),
  );

/** The OpenAPI operation extension that names the scope an admin route needs (for dashboards and tests). */
export const REQUIRED_SCOPE_EXTENSION = 'x-required-scope';

/** Admin keys (`lf_adm_…`) whose scopes grant `permission`. */
export const Admin = (permission: AdminPermission) =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'admin', permission } satisfies RouteAccess),
    ApiExtension(REQUIRED_SCOPE_EXTENSION, permission),
    ApiBearerAuth(ADMIN_SECURITY),
    ApiUnauthorizedResponse({ description: 'AUTH.MISSING_KEY, AUTH.INVALID_KEY, AUTH.REVOKED_KEY' }),
    ApiForbiddenResponse({ description: 'AUTH.WRONG_KEY_KIND (an appliance key), AUTH.MISSING_PERMISSION' }),
  );
