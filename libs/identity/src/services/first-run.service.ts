import { Injectable } from '@nestjs/common';
import { mintApiKey } from '../domain/api-key';
import { FirstRunRepository } from '../repositories/first-run.repository';

export interface FirstRunOutcome {
  adminKey: string;
  /** Only when a demo was asked for. */
  demo: { applianceKey: string; accountName: string; applianceName: string } | null;
}

export interface FirstRunOptions {
  /** Also create a demo account, appliance and appliance key (development only). */
  demo: boolean;
  /** Called with the admin key's plaintext before the first-run transaction commits (e.g. to write it to a file). */
  handOver?: (adminKey: string) => Promise<void>;
}

@Injectable()
export class FirstRunService {
  constructor(private readonly repository: FirstRunRepository) {}

  /** On a fresh database: mints the first admin key (and the demo, if asked); the only time the plaintext exists. */
  async setUpIfFresh(options: FirstRunOptions): Promise<FirstRunOutcome | null> {
    const adminKey = mintApiKey('admin');
    const demo = options.demo
      ? { accountName: 'demo', applianceName: 'demo-appliance', applianceKey: mintApiKey('appliance') }
      : null;
    const handOver = options.handOver;
    const created = await this.repository.createOnce({
      adminKey,
      demo,
      beforeCommit: handOver ? () => handOver(adminKey.plaintext) : undefined,
    });
    if (!created) return null;
    return {
      adminKey: adminKey.plaintext,
      demo: demo && {
        applianceKey: demo.applianceKey.plaintext,
        accountName: demo.accountName,
        applianceName: demo.applianceName,
      },
    };
  }
}
