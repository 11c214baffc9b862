import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { attributedAddress, clientAddressOf, DomainError } from '@landfall/common';
import { FAILED_AUTH_LIMITER } from './auth.tokens';
import { ApiKeyStrategy } from './api-key.strategy';
import { authErrors } from './auth-errors';
import type { FailedAuthLimiter } from './failed-auth-limiter';
import { KeyUsageRecorder } from './key-usage.recorder';
import { adminMay, type Principal } from './principal';
import { ROUTE_ACCESS, type RouteAccess } from './route-access';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

const AUTH_ATTEMPT_RULES = {
  isFailure: (error: unknown) => error instanceof DomainError && error.kind === 'unauthenticated',
  refused: (retryAfterSeconds: number) => authErrors.rateLimited(retryAfterSeconds),
};

/** No access metadata: the route is refused (fail closed). Cached as such, so the miss is not re-read. */
const NOT_EXPOSED = 'not-exposed';

/**
 * The global guard. Fails closed: a route without `@Public()`, `@Agent()` or `@Admin()` is refused. Failed
 * authentications count against the client's address; past the limit its failures get 429, while a key that
 * verifies is always admitted (FailedAuthLimiter). A request it admits notes its key as used (`last_used_at`,
 * written in batches by KeyUsageRecorder): part of authenticating, and no interceptor (rxjs) on every route.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** A route's access never changes after boot: read by reflection once per controller and handler. */
  private readonly accessByRoute = new WeakMap<object, WeakMap<object, RouteAccess | typeof NOT_EXPOSED>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: ApiKeyStrategy,
    @Inject(FAILED_AUTH_LIMITER) private readonly limiter: FailedAuthLimiter,
    private readonly usage: KeyUsageRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access === NOT_EXPOSED) throw authErrors.notExposed();
    if (access.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // The real client behind trusted proxies, resolved once for this request (the audit row says the same).
    const address = attributedAddress(clientAddressOf(request));
    const principal = await this.limiter.attempt(
      address,
      () => this.authenticate(request),
      AUTH_ATTEMPT_RULES,
    );
    request.principal = principal;

    if (access.kind === 'agent' && principal.kind !== 'appliance') throw authErrors.wrongKeyKind('appliance');
    if (access.kind === 'admin') {
      if (principal.kind !== 'admin') throw authErrors.wrongKeyKind('admin');
      if (!adminMay(principal, access.permission)) throw authErrors.missingPermission(access.permission);
    }
    this.usage.noteUse(principal.keyId);
    return true;
  }

  private accessOf(context: ExecutionContext): RouteAccess | typeof NOT_EXPOSED {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.accessByRoute.get(controller);
    if (!byHandler) this.accessByRoute.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (access === undefined) {
      access =
        this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [handler, controller]) ??
        NOT_EXPOSED;
      byHandler.set(handler, access);
    }
    return access;
  }

  /** The strategy's own check, called directly: no per-request passport middleware around it. */
  private async authenticate(request: FastifyRequest): Promise<Principal> {
    let principal: Principal | null | undefined;
    try {
      principal = await this.strategy.validate(request);
    } catch (error) {
      throw error instanceof Error ? error : authErrors.invalidKey();
    }
    if (!principal) throw authErrors.invalidKey();
    return principal;
  }
}
