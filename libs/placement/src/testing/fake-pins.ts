import { DomainError } from '@landfall/common';
import type { Actor } from '@landfall/audit';
import type { OverridesRepository } from '../admin/overrides.repository';
import type { NewPin, PinsRepository, PlacementPinRecord } from '../admin/pins.repository';
import type { PlacementStateService } from '../runtime/placement-state';

type RegionStatus = 'active' | 'draining' | 'disabled';

/** Pins, their targets and the regions in memory, with the real repository's not-found answer. */
export class FakePinsRepository implements Pick<
  PinsRepository,
  'list' | 'targetExists' | 'create' | 'delete'
> {
  readonly pins = new Map<string, PlacementPinRecord>();
  readonly targets = new Set<string>();

  async list(): Promise<{ rows: PlacementPinRecord[]; total: number }> {
    return { rows: [...this.pins.values()], total: this.pins.size };
  }

  async targetExists(target: 'appliance' | 'account', id: string): Promise<boolean> {
    return this.targets.has(`${target}:${id}`);
  }

  async create(input: NewPin, actor: Actor): Promise<PlacementPinRecord> {
    const pin = { ...input, id: `pin-${this.pins.size + 1}`, author: actor.id, createdAt: new Date(0) };
    this.pins.set(pin.id, pin);
    return pin;
  }

  async delete(id: string): Promise<void> {
    if (!this.pins.delete(id)) throw new DomainError('not_found', 'PIN.NOT_FOUND', 'No such pin');
  }
}

export class FakeRegionLookup implements Pick<OverridesRepository, 'findRegion'> {
  readonly regions = new Map<string, RegionStatus>();

  async findRegion(code: string): Promise<{ code: string; status: RegionStatus } | null> {
    const status = this.regions.get(code);
    return status ? { code, status } : null;
  }
}

/** Counts rebuilds of the in-memory placement index. */
export class FakePlacementState implements Pick<PlacementStateService, 'rebuild'> {
  rebuilds = 0;

  async rebuild(): Promise<void> {
    this.rebuilds += 1;
  }
}
