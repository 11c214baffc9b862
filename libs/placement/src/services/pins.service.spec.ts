import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@landfall/audit';
import { FakeClock } from '../../../../test/fakes/fake-clock';
import type { PlacementStateService } from './placement-state';
import { FakePinsRepository, FakePlacementState, FakeRegionLookup } from '../testing/fake-pins';
import type { OverridesRepository } from '../repositories/overrides.repository';
import type { PinsRepository } from '../repositories/pins.repository';
import { PinsService, type PinInput } from './pins.service';

const actor: Actor = { type: 'admin', id: 'admin-key-1' };

describe(PinsService.name, () => {
  let sut: PinsService;
  let pins: FakePinsRepository;
  let regions: FakeRegionLookup;
  let state: FakePlacementState;
  let clock: FakeClock;
  const input = (over: Partial<PinInput> = {}): PinInput => ({
    target: 'appliance',
    targetId: 'appliance-1',
    region: 'eu-west-1',
    reason: 'customer asked',
    ...over,
  });

  beforeEach(() => {
    pins = new FakePinsRepository();
    regions = new FakeRegionLookup();
    state = new FakePlacementState();
    clock = new FakeClock();
    pins.targets.add('appliance:appliance-1');
    regions.regions.set('eu-west-1', 'active').set('us-east-1', 'draining').set('ap-south-1', 'disabled');
    sut = new PinsService(
      pins as unknown as PinsRepository,
      regions as unknown as OverridesRepository,
      state as unknown as PlacementStateService,
      clock,
    );
  });

  it('pins a target to a region and rebuilds placement at once', async () => {
    const pin = await sut.create(input({ expiresAt: new Date(clock.now() + 60_000) }), actor);
    expect(pin).toMatchObject({ target: 'appliance', region: 'eu-west-1', author: 'admin-key-1' });
    expect(state.rebuilds).toBe(1);
  });

  it('accepts a draining region, never a disabled one', async () => {
    await expect(sut.create(input({ region: 'us-east-1' }), actor)).resolves.toMatchObject({
      region: 'us-east-1',
    });
    await expect(sut.create(input({ region: 'ap-south-1' }), actor)).rejects.toMatchObject({
      code: 'PIN.REGION_DISABLED',
    });
  });

  it.each([
    ['an unknown target', input({ targetId: 'nobody' }), 'PIN.UNKNOWN_TARGET'],
    ['an unknown region', input({ region: 'mars-1' }), 'PIN.UNKNOWN_REGION'],
    [
      'an expiry that is now',
      input({ expiresAt: new Date(Date.parse('2026-12-02T00:00:00Z')) }),
      'PIN.EXPIRY_IN_PAST',
    ],
  ])('refuses %s, writes nothing and leaves placement alone', async (_case, bad, code) => {
    await expect(sut.create(bad, actor)).rejects.toMatchObject({ code });
    expect(pins.pins.size).toBe(0);
    expect(state.rebuilds).toBe(0);
  });

  it('rebuilds placement after a delete, and not when the pin does not exist', async () => {
    const pin = await sut.create(input(), actor);
    await sut.delete(pin.id, actor);
    expect(state.rebuilds).toBe(2);
    await expect(sut.delete(pin.id, actor)).rejects.toMatchObject({ code: 'PIN.NOT_FOUND' });
    expect(state.rebuilds).toBe(2);
  });
});
