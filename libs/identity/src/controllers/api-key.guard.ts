import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attributedAddress, clientAddressOf, DomainError } from '@landfall/common';
import { FAILED_AUTH_LIMITER } from '../services/auth.tokens';
import { ApiKeyStrategy, API_KEY_STRATEGY } from '../services/api-key.strategy';
import { authErrors } from '../domain/auth-errors';
import type { FailedAuthLimiter } from '../services/failed-auth-limiter';
import { adminMay, type Principal } from '../domain/principal';
import { ROUTE_ACCESS, type RouteAccess } from './route-access';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

const AUTH_ATTEMPT_RULES = {
  isFailure: (error: unknown) => error instanceof DomainError && error.kind === 'unauthenticated',
  refused: (retryAfterSeconds: number) => authErrors.rateLimited(retryAfterSeconds),
};

/**
 * The global guard. Fails closed: a route without `@Public()`, `@Agent()` or `@Admin()` is refused. Failed
 * authentications count against the client's address; past the limit its failures get 429, while a key that
 * verifies is always admitted (FailedAuthLimiter).
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
    // The real client behind trusted proxies, resolved once for this request (the audit row says the same).
    const address = attributedAddress(clientAddressOf(request));
    const principal = await this.limiter.attempt(
      address,
      () => this.authenticate(request, http.getResponse<FastifyReply>()),
      AUTH_ATTEMPT_RULES,
    );
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
