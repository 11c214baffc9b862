export type ActiveStatus = 'active' | 'disabled';

export interface AccountSummary {
  id: string;
  name: string;
  status: ActiveStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface ApplianceSummary {
  id: string;
  accountId: string;
  name: string;
  serverId: string | null;
  status: ActiveStatus;
  createdAt: Date;
  updatedAt: Date;
}
