import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { attributedAddress, clientAddressOf } from '@landfall/common';
import { TklbamAuthService } from '../services/tklbam-auth.service';
import type { TklbamCaller } from '../domain/tklbam';

type TklbamRequest = FastifyRequest & { tklbamCaller?: TklbamCaller };

/**
 * Authenticates the `subkey` header on TKLBAM routes (which are `@Public()` to the global guard: TKLBAM agents hold
 * no Landfall key). Nothing beyond authenticating and counting failures.
 */
@Injectable()
export class TklbamSubkeyGuard implements CanActivate {
  constructor(private readonly auth: TklbamAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TklbamRequest>();
    request.tklbamCaller = await this.auth.authenticate(
      request.headers.subkey,
      attributedAddress(clientAddressOf(request)),
    );
    return true;
  }
}

export const CurrentTklbamCaller = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const caller = context.switchToHttp().getRequest<TklbamRequest>().tklbamCaller;
  if (!caller) throw new Error('TklbamSubkeyGuard must run before CurrentTklbamCaller');
  return caller;
});
