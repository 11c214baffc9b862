import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { AuthenticatedRequest } from './api-key.guard';
import { KeyUsageRecorder } from '../services/key-usage.recorder';

/** After the guard let a request in, notes that its key was used (written in batches, see KeyUsageRecorder). */
@Injectable()
export class KeyUsageInterceptor implements NestInterceptor {
  constructor(private readonly recorder: KeyUsageRecorder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal) this.recorder.noteUse(principal.keyId);
    return next.handle();
  }
}
