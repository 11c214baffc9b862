import { useState } from 'preact/hooks';
import { must } from '../api';
import { ErrorBox, Section, useLoad, useSession, when } from '../ui';

export function AuditPage() {
  const { client } = useSession();
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState('');
  const [since, setSince] = useState('');
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const events = useLoad(
    () =>
      must(
        client.GET('/admin/v1/audit-events', {
          params: {
            query: {
              limit: 50,
              action: action || undefined,
              targetType: targetType || undefined,
              since: since ? new Date(since).toISOString() : undefined,
              cursor,
            },
          },
        }),
      ),
    [action, targetType, since, cursor],
  );
  return (
    <Section title="Audit log">
      <form class="filters" data-filters="audit" onSubmit={(e) => e.preventDefault()}>
        <label>
          Action{' '}
          <input
            name="action"
            value={action}
            placeholder="override.create"
            onChange={(e) => setAction(e.currentTarget.value.trim())}
          />
        </label>
        <label>
          Target type{' '}
          <input
            name="targetType"
            value={targetType}
            onChange={(e) => setTargetType(e.currentTarget.value.trim())}
          />
        </label>
        <label>
          Since{' '}
          <input
            name="since"
            type="datetime-local"
            value={since}
            onChange={(e) => setSince(e.currentTarget.value)}
          />
        </label>
        {cursor ? (
          <button type="button" onClick={() => setCursor(undefined)}>
            Newest
          </button>
        ) : null}
      </form>
      <ErrorBox error={events.error} />
      <table data-table="audit">
        <thead>
          <tr>
            <th>At</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Target</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {(events.data?.items ?? []).map((e) => (
            <tr key={e.id} data-row={e.id} data-action={e.action}>
              <td>{when(e.at)}</td>
              <td>
                {e.actorType} <code>{e.actorId ?? ''}</code>
              </td>
              <td>{e.action}</td>
              <td>
                {e.targetType} <code>{e.targetId ?? ''}</code>
              </td>
              <td>{e.sourceIp ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.data?.nextCursor ? (
        <button type="button" name="older" onClick={() => setCursor(events.data?.nextCursor ?? undefined)}>
          Older
        </button>
      ) : null}
    </Section>
  );
}
