import { mintApiKey } from '@landfall/identity';
import type { PrismaService } from '@landfall/persistence';
import { uniqueSuffix } from '../../support/test-hub';

export interface ApplianceFixture {
  accountId: string;
  applianceId: string;
  key: string;
  keyId: string;
}

/** A fresh account with one appliance and its key (plaintext kept for the test). */
export async function anAppliance(prisma: PrismaService, accountId?: string): Promise<ApplianceFixture> {
  const account = accountId ?? (await prisma.account.create({ data: { name: `acct-${uniqueSuffix()}` } })).id;
  const appliance = await prisma.appliance.create({
    data: { accountId: account, name: `box-${uniqueSuffix()}` },
  });
  const minted = mintApiKey('appliance');
  const row = await prisma.apiKey.create({
    data: {
      kind: 'appliance',
      prefix: minted.prefix,
      secretHash: minted.secretHash,
      label: 'test',
      scopes: ['agent'],
      accountId: account,
      applianceId: appliance.id,
    },
  });
  return { accountId: account, applianceId: appliance.id, key: minted.plaintext, keyId: row.id };
}

export async function anAdminKey(prisma: PrismaService, scopes = ['admin']): Promise<string> {
  const minted = mintApiKey('admin');
  await prisma.apiKey.create({
    data: {
      kind: 'admin',
      prefix: minted.prefix,
      secretHash: minted.secretHash,
      label: 'test admin',
      scopes,
    },
  });
  return minted.plaintext;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A fresh address per test, so the failed-authentication limiter of one test never throttles another. */
let addressCounter = 1;
export function anAddress(): string {
  addressCounter += 1;
  return `10.77.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}
