import type { AuditEventInput } from '@landfall/audit';
import type { CallContext } from '@landfall/identity';
import type { TklbamCaller } from '../domain/tklbam';

/**
 * The common part of every TKLBAM audit event. The actor is the TKLBAM key (its id, never a secret), recorded as an
 * appliance-side caller like native agents; `protocol: 'tklbam'` and the uid tell the two apart.
 */
export function tklbamEvent(
  caller: TklbamCaller,
  call: CallContext,
  event: Pick<AuditEventInput, 'action' | 'targetType' | 'targetId' | 'before'> & {
    after?: Record<string, unknown>;
  },
): AuditEventInput {
  return {
    actor: { type: 'appliance', id: caller.keyId, sourceIp: call.sourceIp, requestId: call.requestId },
    ...event,
    after: { protocol: 'tklbam', uid: caller.uid, accountId: caller.accountId, ...event.after },
  };
}
