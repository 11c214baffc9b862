import { useState } from 'preact/hooks';
import { allRegions, must, type Schemas } from '../api';
import { bytes, ErrorBox, Section, useAction, useCan, useLoad, useSession } from '../ui';

type Region = Schemas['RegionDto'];
type RegionStats = Schemas['RegionStatsDto'];

interface DrainImpact {
  region: string;
  firstChoiceEntries: number;
  liveBackups: number;
}

function DrainControl({ region, onChanged }: { region: Region; onChanged: () => void }) {
  const { client } = useSession();
  const [impact, setImpact] = useState<DrainImpact | null>(null);
  const action = useAction();
  const setStatus = (status: Region['status']) =>
    action.run(async () => {
      await must(
        client.PATCH('/admin/v1/regions/{code}', {
          params: { path: { code: region.code } },
          body: { status, weight: region.weight },
        }),
      );
      setImpact(null);
      onChanged();
    });
  if (region.status !== 'active')
    return (
      <span>
        <button
          type="button"
          data-activate={region.code}
          disabled={action.busy}
          onClick={() => setStatus('active')}
        >
          Activate
        </button>
        <ErrorBox error={action.error} />
      </span>
    );
  return (
    <span>
      <button
        type="button"
        data-drain-preview={region.code}
        disabled={action.busy}
        onClick={() =>
          action.run(async () => {
            const [map, stats] = await Promise.all([
              must(client.GET('/admin/v1/placement/map')),
              must(client.GET('/admin/v1/stats', { params: { query: { accounts: 1 } } })),
            ]);
            setImpact({
              region: region.code,
              firstChoiceEntries: map.entries.filter((e) => e.regions[0] === region.code).length,
              // Every live backup of the region, counted (a page of the backup list would stop at its limit).
              liveBackups: stats.regions.find((r) => r.code === region.code)?.backups ?? 0,
            });
          })
        }
      >
        Drain…
      </button>
      {impact ? (
        <div class="preview" data-drain-impact={region.code}>
          Draining {region.code}: {impact.firstChoiceEntries} index entries move to their next region; new
          backups stop landing here; {impact.liveBackups} live backup(s) stay until migrated.{' '}
          <button type="button" data-drain-confirm={region.code} onClick={() => setStatus('draining')}>
            Drain {region.code}
          </button>
        </div>
      ) : null}
      <ErrorBox error={action.error} />
    </span>
  );
}

/** Bucket readiness: ready / pending, and of the ready ones what the last write probe said. */
function Buckets({ buckets }: { buckets: RegionStats['buckets'] }) {
  return (
    <span
      data-buckets={`${buckets.ready}/${buckets.pending}/${buckets.writable}/${buckets.notWritable}/${buckets.unprobed}`}
    >
      {buckets.ready} ready, {buckets.pending} pending
      <br />
      <small>
        probed: {buckets.writable} writable,{' '}
        <span class={buckets.notWritable > 0 ? 'bad' : ''}>{buckets.notWritable} not writable</span>,{' '}
        {buckets.unprobed} never
      </small>
    </span>
  );
}

/** Live backups, bytes and appliances of a region, and its buckets; blank cells when the stats are unreadable. */
function statsCells(stats: RegionStats | undefined) {
  if (!stats) return [<td key="live" />, <td key="buckets" />];
  return [
    <td key="live" data-live={`${stats.backups}/${stats.bytes}/${stats.appliances}`}>
      {stats.backups} backup(s), {bytes(stats.bytes)}
      <br />
      <small>{stats.appliances} appliance(s)</small>
    </td>,
    <td key="buckets">
      <Buckets buckets={stats.buckets} />
    </td>,
  ];
}

export function RegionsPage() {
  const { client } = useSession();
  const canWrite = useCan('regions:write');
  const regions = useLoad(() => allRegions(client), []);
  // Needs backups:read; without it the regions still show, with the envelope saying why the figures do not.
  const stats = useLoad(
    () => must(client.GET('/admin/v1/stats', { params: { query: { accounts: 1 } } })),
    [],
  );
  const statsOf = new Map((stats.data?.regions ?? []).map((r) => [r.code, r]));
  return (
    <Section title="Regions">
      <ErrorBox error={regions.error ?? stats.error} />
      <table data-table="regions">
        <thead>
          <tr>
            <th>Code</th>
            <th>Name</th>
            <th>Status</th>
            <th>Weight</th>
            <th>Live</th>
            <th>Buckets</th>
            <th>Endpoint</th>
            <th>Location</th>
            {canWrite ? <th>Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {(regions.data ?? []).map((region) => (
            <tr key={region.code} data-row={region.code}>
              <td>
                <code>{region.code}</code>
              </td>
              <td>{region.displayName}</td>
              <td data-status>{region.status}</td>
              <td>{region.weight}</td>
              {statsCells(statsOf.get(region.code))}
              <td>
                <small>{region.endpoint}</small>
              </td>
              <td>
                {region.city ?? ''} {region.countryCode ?? ''} ({region.latitude.toFixed(1)},{' '}
                {region.longitude.toFixed(1)})
              </td>
              {canWrite ? (
                <td>
                  <DrainControl region={region} onChanged={regions.reload} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
