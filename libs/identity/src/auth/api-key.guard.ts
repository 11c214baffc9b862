import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@landfall/common';
import { FAILED_AUTH_LIMITER } from './auth.tokens';
import { ApiKeyStrategy, API_KEY_STRATEGY } from './api-key.strategy';
import { authErrors } from './auth-errors';
import type { FailedAuthLimiter } from './failed-auth-limiter';
import { adminMay, type Principal } from './principal';
import { ROUTE_ACCESS, type RouteAccess } from './route-access';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * The global guard. Fails closed: a route without `@Public()`, `@Agent()` or `@Admin()` is refused. Failed
 * authentications count against the caller's address; past the limit the address gets 429 before any look-up.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: ApiKeyStrategy,
    @Inject(FAILED_AUTH_LIMITER) private readonly limiter: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) throw authErrors.notExposed();
    if (access.kind === 'public') return true;

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const address = request.ip;
    const wait = this.limiter.retryAfterSeconds(address);
    if (wait > 0) throw authErrors.rateLimited(wait);

    let principal: Principal;
    try {
      principal = await this.authenticate(request, http.getResponse<FastifyReply>());
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthenticated')
        this.limiter.recordFailure(address);
      throw error;
    }
    request.principal = principal;

    if (access.kind === 'agent' && principal.kind !== 'appliance') throw authErrors.wrongKeyKind('appliance');
    if (access.kind === 'admin') {
      if (principal.kind !== 'admin') throw authErrors.wrongKeyKind('admin');
      if (!adminMay(principal, access.permission)) throw authErrors.missingPermission(access.permission);
    }
    return true;
  }

  private authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    return new Promise((resolve, reject) => {
      const passport = this.strategy.getPassportInstance();
      const middleware = passport.authenticate(
        API_KEY_STRATEGY,
        { session: false },
        (error: unknown, user: Principal | false | null) => {
          if (error) reject(error instanceof Error ? error : authErrors.invalidKey());
          else if (!user) reject(authErrors.invalidKey());
          else resolve(user);
        },
      ) as (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
      middleware(request, reply, (err) => reject(err instanceof Error ? err : authErrors.invalidKey()));
    });
  }
}
