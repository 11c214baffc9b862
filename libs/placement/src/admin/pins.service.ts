import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, listRequest, toPage, type Clock, type Page } from '@landfall/common';
import { type Actor } from '@landfall/audit';
import { PlacementStateService } from '../runtime/placement-state';
import { OverridesRepository } from './overrides.repository';
import { PIN_SORT, type ListPinsQuery } from './pin.dto';
import { PinsRepository, type PlacementPinRecord } from './pins.repository';

export interface PinInput {
  target: 'appliance' | 'account';
  targetId: string;
  region: string;
  reason: string;
  expiresAt?: Date;
}

@Injectable()
export class PinsService {
  constructor(
    private readonly pins: PinsRepository,
    private readonly overrides: OverridesRepository,
    private readonly state: PlacementStateService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(query: ListPinsQuery): Promise<Page<PlacementPinRecord>> {
    const request = listRequest(PIN_SORT, query);
    const filter = { accountId: query.accountId, applianceId: query.applianceId };
    const { rows, total } = await this.pins.list(filter, request);
    return toPage(rows, request, (row) => row, total);
  }

  async create(input: PinInput, actor: Actor): Promise<PlacementPinRecord> {
    if (!(await this.pins.targetExists(input.target, input.targetId))) {
      throw new DomainError('not_found', 'PIN.UNKNOWN_TARGET', `No ${input.target} ${input.targetId}`);
    }
    const region = await this.overrides.findRegion(input.region);
    if (!region) throw new DomainError('invalid', 'PIN.UNKNOWN_REGION', `No region "${input.region}"`);
    if (region.status === 'disabled')
      throw new DomainError('invalid', 'PIN.REGION_DISABLED', `Region ${input.region} is disabled`);
    if (input.expiresAt && input.expiresAt.getTime() <= this.clock.now()) {
      throw new DomainError('invalid', 'PIN.EXPIRY_IN_PAST', 'expiresAt must be in the future');
    }
    const pin = await this.pins.create({ ...input, expiresAt: input.expiresAt ?? null }, actor);
    await this.state.rebuild();
    return pin;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await this.pins.delete(id, actor);
    await this.state.rebuild();
  }
}
