/** A TKLBAM backup record as the domain sees it: one Landfall appliance (and its live backup). */
export interface TklbamRecord {
  id: number;
  accountId: string;
  applianceId: string;
  key: string;
  turnkeyVersion: string;
  serverId: string | null;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewTklbamRecord {
  accountId: string;
  key: string;
  turnkeyVersion: string;
  serverId: string | null;
  maxPerAccount: number;
}

/** Who is calling on a TKLBAM route, once their subkey checked out. */
export interface TklbamCaller {
  keyId: string;
  uid: number;
  accountId: string;
}

/** A stored TKLBAM API key: hashes only. */
export interface TklbamKeyRow {
  id: string;
  uid: number;
  accountId: string;
  accountActive: boolean;
  secretHash: string;
  subkeyHash: string;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface TklbamProfileInfo {
  turnkeyVersion: string;
  sha256: string;
  sizeBytes: number;
  timestamp: number;
  uploadedAt: Date;
  uploadedBy: string;
}
