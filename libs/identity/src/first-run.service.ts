import { Injectable } from '@nestjs/common';
import { mintApiKey } from './api-key';
import { FirstRunRepository } from './first-run.repository';

export interface FirstRunOutcome {
  adminKey: string;
  applianceKey: string;
  accountName: string;
  applianceName: string;
}

@Injectable()
export class FirstRunService {
  constructor(private readonly repository: FirstRunRepository) {}

  /** On a fresh database: mints the admin and demo keys and returns their plaintext, the only time it exists. */
  async setUpIfFresh(): Promise<FirstRunOutcome | null> {
    const adminKey = mintApiKey('admin');
    const applianceKey = mintApiKey('appliance');
    const records = { adminKey, applianceKey, demoAccountName: 'demo', demoApplianceName: 'demo-appliance' };
    if (!(await this.repository.createOnce(records))) return null;
    return {
      adminKey: adminKey.plaintext,
      applianceKey: applianceKey.plaintext,
      accountName: records.demoAccountName,
      applianceName: records.demoApplianceName,
    };
  }
}
