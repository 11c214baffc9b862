import { useEffect } from 'preact/hooks';
import { allRegions, must, type Schemas } from '../api';
import { type Filter, Filters, Pager, usePagedList } from '../lists';
import { bytes, ErrorBox, Section, useAction, useCan, useLoad, useSession, when } from '../ui';
import { Planner } from './migration-planner';

type Migration = Schemas['MigrationDto'];

// Unfinished: a migration waiting for a worker is live too (it can be cancelled, and its progress moves once one runs).
const LIVE: readonly Migration['state'][] = ['running', 'waiting_for_worker', 'cleanup_pending'];

const FILTERS: Filter<'/admin/v1/migrations'>[] = [
  {
    name: 'state',
    label: 'State',
    options: ['running', 'cleanup_pending', 'completed', 'needs_attention', 'failed', 'cancelled'],
  },
];

function percent(done: number, total: number): string {
  return total > 0 ? `${Math.round((done / total) * 100)}%` : '—';
}

export function MigrationsPage() {
  const { client } = useSession();
  const canWrite = useCan('migrations:write');
  const list = usePagedList('/admin/v1/migrations');
  const migrations = list.page;
  const items = migrations.error ? [] : (migrations.data?.body.items ?? []);
  const regions = useLoad(() => allRegions(client), []);
  const action = useAction();
  const anyLive = items.some((m) => LIVE.includes(m.state));
  // Live progress: poll while a migration runs.
  useEffect(() => {
    if (!anyLive) return;
    const timer = setInterval(migrations.reload, 1000);
    return () => clearInterval(timer);
  }, [anyLive, migrations.reload]);
  return (
    <Section title="Migrations">
      {canWrite && regions.data ? (
        <Planner
          regions={regions.data.filter((r) => r.status === 'active').map((r) => r.code)}
          onStarted={migrations.reload}
        />
      ) : null}
      <Filters name="migrations" list={list} filters={FILTERS} />
      <ErrorBox error={migrations.error ?? regions.error ?? action.error} />
      <table data-table="migrations">
        <thead>
          <tr>
            <th>Id</th>
            <th>State</th>
            <th>From → to</th>
            <th>Objects</th>
            <th>Bytes</th>
            <th>Rate</th>
            <th>Started</th>
            {canWrite ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id} data-row={m.id} data-state={m.state}>
              <td>
                <code>{m.id.slice(0, 8)}</code>
              </td>
              <td>{m.state}</td>
              <td>
                {[...new Set(m.backups.map((b) => b.sourceRegion))].join(', ') || '—'} → {m.targetRegion}
              </td>
              <td data-progress-objects={`${m.objects.done}/${m.objects.total}`}>
                {m.objects.total === 0 && LIVE.includes(m.state)
                  ? 'not listed yet'
                  : `${m.objects.done}/${m.objects.total} (${percent(m.objects.done, m.objects.total)})`}
              </td>
              <td data-progress-bytes={`${m.bytes.done}/${m.bytes.total}`}>
                <progress max={m.bytes.total || 1} value={m.bytes.done} /> {bytes(m.bytes.done)} of{' '}
                {bytes(m.bytes.total)}
              </td>
              <td>
                {m.bytesPerSecond !== null ? `${bytes(m.bytesPerSecond)}/s` : '—'}
                {m.etaSeconds !== null ? `, ${Math.round(m.etaSeconds)} s left` : ''}
              </td>
              <td>{when(m.createdAt)}</td>
              {canWrite ? (
                <td>
                  {LIVE.includes(m.state) ? (
                    <button
                      type="button"
                      data-cancel={m.id}
                      disabled={action.busy}
                      onClick={() =>
                        action.run(async () => {
                          await must(
                            client.POST('/admin/v1/migrations/{id}/cancel', {
                              params: { path: { id: m.id } },
                            }),
                          );
                          migrations.reload();
                        })
                      }
                    >
                      Cancel
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <Pager name="migrations" list={list} />
    </Section>
  );
}
