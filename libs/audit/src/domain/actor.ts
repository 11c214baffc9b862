/** Who did something, in every audit row whichever way it is written. */
export type ActorType = 'admin' | 'appliance' | 'system' | 'cli';

/**
 * One convention for every caller that holds a key (admin, appliance, TKLBAM): `id` is the key's id, and the
 * key's visible prefix rides along so a person can tell keys apart. The CLI is its OS user, the system a
 * process name (`worker:<owner>`).
 */
export interface Actor {
  type: ActorType;
  id: string;
  keyPrefix?: string;
  sourceIp?: string;
  requestId?: string;
}
