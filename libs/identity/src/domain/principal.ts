import type { AdminPermission } from './admin-scopes';

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

export function adminMay(principal: AdminPrincipal, permission: AdminPermission): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(permission);
}
