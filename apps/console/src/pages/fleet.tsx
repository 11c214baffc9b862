import { useState } from 'preact/hooks';
import { must, type Schemas } from '../api';
import {
  bytes,
  type Column,
  ErrorBox,
  RecordTable,
  Section,
  useAction,
  useCan,
  useLoad,
  useSession,
  when,
} from '../ui';

type BackupStatus = Schemas['BackupDto']['status'];
type KeyScopes = NonNullable<Schemas['CreateApiKeyDto']['scopes']>;

const ID: Column<{ id: string }> = { title: 'Id', cell: (row) => <code>{row.id}</code> };

function Accounts() {
  const { client } = useSession();
  const accounts = useLoad(
    () => must(client.GET('/admin/v1/accounts', { params: { query: { limit: 100 } } })),
    [],
  );
  const columns: Column<Schemas['AccountDto']>[] = [
    { title: 'Name', cell: (a) => a.name },
    { title: 'Status', cell: (a) => a.status },
    { title: 'Created', cell: (a) => when(a.createdAt) },
    ID,
  ];
  return (
    <Section title="Accounts">
      <ErrorBox error={accounts.error} />
      <RecordTable name="accounts" columns={columns} rows={accounts.data?.items} />
    </Section>
  );
}

function Appliances() {
  const { client } = useSession();
  const appliances = useLoad(
    () => must(client.GET('/admin/v1/appliances', { params: { query: { limit: 100 } } })),
    [],
  );
  const columns: Column<Schemas['ApplianceDto']>[] = [
    { title: 'Name', cell: (a) => a.name },
    { title: 'Status', cell: (a) => a.status },
    { title: 'Account', cell: (a) => <code>{a.accountId}</code> },
    ID,
  ];
  return (
    <Section title="Appliances">
      <ErrorBox error={appliances.error} />
      <RecordTable name="appliances" columns={columns} rows={appliances.data?.items} />
    </Section>
  );
}

function NewKey({ onCreated }: { onCreated: () => void }) {
  const { client } = useSession();
  const [label, setLabel] = useState('');
  const [scopes, setScopes] = useState('placement:read');
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();
  return (
    <form
      class="new-key"
      data-new-key-form
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => {
          const created = await must(
            client.POST('/admin/v1/keys', {
              // Typed free text: the hub checks every scope (400 with the envelope when one is unknown).
              body: { kind: 'admin', label, scopes: scopes.split(/[\s,]+/).filter(Boolean) as KeyScopes },
            }),
          );
          setSecret(created.plaintext);
          setLabel('');
          onCreated();
        });
      }}
    >
      <label>
        Label{' '}
        <input name="label" value={label} maxLength={200} onInput={(e) => setLabel(e.currentTarget.value)} />
      </label>
      <label>
        Scopes{' '}
        <input name="scopes" value={scopes} onInput={(e) => setScopes(e.currentTarget.value)} size={40} />
      </label>
      <button type="submit" name="create-key" disabled={action.busy || !label}>
        Create admin key
      </button>
      {secret ? (
        <p class="secret" data-new-secret>
          New key (shown once, copy it now): <code>{secret}</code>{' '}
          <button type="button" onClick={() => setSecret(null)}>
            Done
          </button>
        </p>
      ) : null}
      <ErrorBox error={action.error} />
    </form>
  );
}

function Keys() {
  const { client } = useSession();
  const canWrite = useCan('keys:write');
  const keys = useLoad(() => must(client.GET('/admin/v1/keys', { params: { query: { limit: 100 } } })), []);
  const action = useAction();
  return (
    <Section title="Keys">
      {canWrite ? <NewKey onCreated={keys.reload} /> : null}
      <ErrorBox error={keys.error ?? action.error} />
      <table data-table="keys">
        <thead>
          <tr>
            <th>Prefix</th>
            <th>Kind</th>
            <th>Label</th>
            <th>Scopes</th>
            <th>Last used</th>
            <th>Revoked</th>
            {canWrite ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {(keys.data?.items ?? []).map((k) => (
            <tr key={k.id} data-row={k.id} data-key-prefix={k.prefix}>
              <td>
                <code>{k.prefix}</code>
              </td>
              <td>{k.kind}</td>
              <td>{k.label}</td>
              <td>{k.scopes.join(' ')}</td>
              <td>{when(k.lastUsedAt)}</td>
              <td data-revoked={k.revokedAt ? 'yes' : 'no'}>{when(k.revokedAt)}</td>
              {canWrite ? (
                <td>
                  {k.revokedAt ? null : (
                    <button
                      type="button"
                      data-revoke={k.prefix}
                      disabled={action.busy}
                      onClick={() =>
                        action.run(async () => {
                          await must(
                            client.POST('/admin/v1/keys/{id}/revoke', { params: { path: { id: k.id } } }),
                          );
                          keys.reload();
                        })
                      }
                    >
                      Revoke
                    </button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Backups() {
  const { client } = useSession();
  const [region, setRegion] = useState('');
  const [status, setStatus] = useState<BackupStatus | ''>('');
  const [accountId, setAccountId] = useState('');
  const backups = useLoad(
    () =>
      must(
        client.GET('/admin/v1/backups', {
          params: {
            query: {
              limit: 100,
              region: region || undefined,
              status: status || undefined,
              accountId: accountId || undefined,
            },
          },
        }),
      ),
    [region, status, accountId],
  );
  return (
    <Section title="Backups">
      <form class="filters" data-filters="backups" onSubmit={(e) => e.preventDefault()}>
        <label>
          Region{' '}
          <input name="region" value={region} onChange={(e) => setRegion(e.currentTarget.value.trim())} />
        </label>
        <label>
          Status{' '}
          <select
            name="status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as BackupStatus | '')}
          >
            <option value="">any</option>
            <option value="active">active</option>
            <option value="migrating">migrating</option>
            <option value="retired">retired</option>
          </select>
        </label>
        <label>
          Account id{' '}
          <input
            name="accountId"
            value={accountId}
            onChange={(e) => setAccountId(e.currentTarget.value.trim())}
          />
        </label>
      </form>
      <ErrorBox error={backups.error} />
      <table data-table="backups">
        <thead>
          <tr>
            <th>Id</th>
            <th>Region</th>
            <th>Status</th>
            <th>Size</th>
            <th>Last backup</th>
            <th>Appliance</th>
          </tr>
        </thead>
        <tbody>
          {(backups.data?.items ?? []).map((b) => (
            <tr key={b.id} data-row={b.id}>
              <td>
                <code>{b.id}</code>
              </td>
              <td>{b.region}</td>
              <td>{b.status}</td>
              <td>{bytes(b.sizeBytes)}</td>
              <td>{when(b.lastBackupAt)}</td>
              <td>
                <code>{b.applianceId}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

export function FleetPage() {
  return (
    <div class="fleet">
      <Accounts />
      <Appliances />
      <Keys />
      <Backups />
    </div>
  );
}
