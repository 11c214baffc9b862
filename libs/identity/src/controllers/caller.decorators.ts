import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { attributedAddress, clientAddressOf, type RequestClientAddress } from '@landfall/common';
import type { AuthenticatedRequest } from './api-key.guard';
import { authErrors } from '../domain/auth-errors';
import type { Actor } from '@landfall/audit';
import type { AdminPrincipal, AppliancePrincipal, Principal } from '../domain/principal';

/** Where a call came from, for audit and placement. */
export interface CallContext {
  /** The address audit rows record: the real client behind trusted proxies (else the peer). */
  sourceIp: string;
  /** The request's one resolved client address (see libs/common client-address). */
  client: RequestClientAddress;
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
  const client = clientAddressOf(request);
  return {
    sourceIp: attributedAddress(client),
    client,
    requestId: String(request.id),
    headers: request.headers,
  };
});

/** The audit actor for an admin call: the key's id, with its visible prefix (never the key). */
export function adminActor(admin: AdminPrincipal, call: CallContext): Actor {
  return keyActor('admin', admin, call);
}

/** The audit actor for an agent call: the appliance key's id, with its visible prefix. */
export function applianceActor(appliance: AppliancePrincipal, call: CallContext): Actor {
  return keyActor('appliance', appliance, call);
}

function keyActor(type: 'admin' | 'appliance', key: Principal, call: CallContext): Actor {
  return {
    type,
    id: key.keyId,
    keyPrefix: key.keyPrefix,
    sourceIp: call.sourceIp,
    requestId: call.requestId,
  };
}
