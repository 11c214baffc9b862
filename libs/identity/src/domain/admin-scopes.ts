/**
 * The admin scope catalogue: one read and (where the family has writes) one write permission per admin route
 * family. `admin` grants every permission, including ones added later. Every `@Admin(permission)` route names
 * one of these (checked by test/security/admin-scopes.e2e-spec.ts over the live route table).
 */
export const ADMIN_PERMISSIONS = [
  'accounts:read',
  'accounts:write',
  'appliances:read',
  'appliances:write',
  'keys:read',
  'keys:write',
  'tklbam:read',
  'tklbam:write',
  'backups:read',
  'backups:write',
  'migrations:read',
  'migrations:write',
  'placement:read',
  'placement:write',
  'regions:read',
  'regions:write',
  'profiles:read',
  'profiles:write',
  'audit:read',
  'health:read',
] as const;

export type AdminPermission = (typeof ADMIN_PERMISSIONS)[number];

/** What an admin key's `scopes` may hold. */
export const ADMIN_SCOPES: readonly string[] = ['admin', ...ADMIN_PERMISSIONS];

const KNOWN = new Set<string>(ADMIN_PERMISSIONS);

export function isAdminPermission(value: string): value is AdminPermission {
  return KNOWN.has(value);
}

/** The permissions a set of scopes grants (`admin` grants all). */
export function grantedPermissions(scopes: readonly string[]): Set<AdminPermission> {
  if (scopes.includes('admin')) return new Set(ADMIN_PERMISSIONS);
  return new Set(scopes.filter(isAdminPermission));
}

/**
 * The scopes of `wanted` that `holder` does not cover: a key may only hand out (or take away) what it holds
 * itself. `admin` is covered only by `admin` (it also grants permissions added in the future); an unknown scope
 * only by `admin`.
 */
export function scopesBeyond(wanted: readonly string[], holder: readonly string[]): string[] {
  if (holder.includes('admin')) return [];
  const held = grantedPermissions(holder);
  return [...new Set(wanted)].filter((scope) => !(isAdminPermission(scope) && held.has(scope)));
}
