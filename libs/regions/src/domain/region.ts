export type RegionStatus = 'active' | 'draining' | 'disabled';

/** A storage region as the domain sees it (never a Prisma row). */
export interface Region {
  code: string;
  displayName: string;
  city: string | null;
  countryCode: string | null;
  latitude: number;
  longitude: number;
  endpoint: string;
  status: RegionStatus;
  weight: number;
}
