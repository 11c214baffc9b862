const MAX = 64;

/**
 * `lf-<appliance id>-<first 24 hex of backup id>`: names the appliance in full and the backup unambiguously in CloudTrail
 * (or the gateway's log), within STS's 64 characters of `[\w+=,.@-]`.
 */
export function roleSessionName(applianceId: string, backupId: string): string {
  const compact = (id: string) => id.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return `lf-${compact(applianceId)}-${compact(backupId).slice(0, 24)}`
    .replace(/[^\w+=,.@-]/g, '')
    .slice(0, MAX);
}
