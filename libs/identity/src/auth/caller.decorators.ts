import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './api-key.guard';
import { authErrors } from './auth-errors';
import type { AdminPrincipal, AppliancePrincipal } from './principal';

/** Where a call came from, for audit and placement. */
export interface CallContext {
  sourceIp: string;
  requestId: string;
  headers: Record<string, string | string[] | undefined>;
}

export const CurrentAppliance = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'appliance') throw authErrors.wrongKeyKind('appliance');
  return principal satisfies AppliancePrincipal;
});

export const CurrentAdmin = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'admin') throw authErrors.wrongKeyKind('admin');
  return principal satisfies AdminPrincipal;
});

export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CallContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return { sourceIp: request.ip, requestId: String(request.id), headers: request.headers };
});

/** The audit actor for an admin call: the key's visible prefix, never the key. */
export function adminActor(
  admin: AdminPrincipal,
  call: CallContext,
): { type: 'admin'; id: string; sourceIp: string; requestId: string } {
  return { type: 'admin', id: admin.keyPrefix, sourceIp: call.sourceIp, requestId: call.requestId };
}
