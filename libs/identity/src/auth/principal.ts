/** Who is calling, once their key checked out. Controllers receive this, never a key row. */
export type Principal = AdminPrincipal | AppliancePrincipal;

export interface AdminPrincipal {
  kind: 'admin';
  keyId: string;
  keyPrefix: string;
  scopes: string[];
}

export interface AppliancePrincipal {
  kind: 'appliance';
  keyId: string;
  keyPrefix: string;
  applianceId: string;
  accountId: string;
}

/** Admin permissions a key's scopes may grant; the `admin` scope grants all of them. */
export type AdminPermission =
  | 'accounts:read'
  | 'accounts:write'
  | 'appliances:read'
  | 'appliances:write'
  | 'keys:read'
  | 'keys:write'
  | 'backups:read'
  | 'placement:read'
  | 'placement:write'
  | 'regions:write'
  | 'audit:read'
  | 'profiles:write';

export function adminMay(principal: AdminPrincipal, permission: AdminPermission): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(permission);
}
