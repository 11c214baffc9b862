import { useState } from 'preact/hooks';
import { must, type Schemas } from '../api';
import { type Filter, ListSection, usePagedList } from '../lists';
import { bytes, type Column, ErrorBox, useAction, useCan, useSession, when } from '../ui';

type KeyScopes = NonNullable<Schemas['CreateApiKeyDto']['scopes']>;

const ID: Column<{ id: string }> = { title: 'Id', cell: (row) => <code>{row.id}</code> };
const STATUS: Column<{ status: string }> = { title: 'Status', cell: (row) => row.status };
const ACCOUNT: Column<{ accountId: string | null }> = {
  title: 'Account',
  cell: (row) => <code>{row.accountId ?? ''}</code>,
};
const ENABLED = ['active', 'disabled'] as const;

function Accounts() {
  const list = usePagedList('/admin/v1/accounts');
  const filters: Filter<'/admin/v1/accounts'>[] = [
    { name: 'q', label: 'Search', placeholder: 'name' },
    { name: 'status', label: 'Status', options: ENABLED },
  ];
  const columns: Column<Schemas['AccountDto']>[] = [
    { title: 'Name', cell: (a) => a.name },
    STATUS,
    { title: 'Created', cell: (a) => when(a.createdAt) },
    ID,
  ];
  return <ListSection name="accounts" title="Accounts" list={list} filters={filters} columns={columns} />;
}

function Appliances() {
  const list = usePagedList('/admin/v1/appliances');
  const filters: Filter<'/admin/v1/appliances'>[] = [
    { name: 'q', label: 'Search', placeholder: 'name or server id' },
    { name: 'accountId', label: 'Account id' },
    { name: 'status', label: 'Status', options: ENABLED },
    { name: 'region', label: 'Region of its live backup' },
  ];
  const columns: Column<Schemas['ApplianceDto']>[] = [
    { title: 'Name', cell: (a) => a.name },
    STATUS,
    ACCOUNT,
    ID,
  ];
  return <ListSection name="appliances" title="Appliances" list={list} filters={filters} columns={columns} />;
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
  const list = usePagedList('/admin/v1/keys');
  const action = useAction();
  const filters: Filter<'/admin/v1/keys'>[] = [
    { name: 'q', label: 'Search', placeholder: 'label or prefix' },
    { name: 'kind', label: 'Kind', options: ['admin', 'appliance'] },
    { name: 'status', label: 'Status', options: ['active', 'revoked'] },
    { name: 'accountId', label: 'Account id' },
    { name: 'applianceId', label: 'Appliance id' },
  ];
  const revoke: Column<Schemas['ApiKeyDto']> = {
    title: '',
    cell: (k) =>
      k.revokedAt ? null : (
        <button
          type="button"
          data-revoke={k.prefix}
          disabled={action.busy}
          onClick={() =>
            action.run(async () => {
              await must(client.POST('/admin/v1/keys/{id}/revoke', { params: { path: { id: k.id } } }));
              list.page.reload();
            })
          }
        >
          Revoke
        </button>
      ),
  };
  const columns: Column<Schemas['ApiKeyDto']>[] = [
    { title: 'Prefix', cell: (k) => <code data-key-prefix={k.prefix}>{k.prefix}</code> },
    { title: 'Kind', cell: (k) => k.kind },
    { title: 'Label', cell: (k) => k.label },
    { title: 'Scopes', cell: (k) => k.scopes.join(' ') },
    { title: 'Last used', cell: (k) => when(k.lastUsedAt) },
    {
      title: 'Revoked',
      cell: (k) => <span data-revoked={k.revokedAt ? 'yes' : 'no'}>{when(k.revokedAt)}</span>,
    },
    ...(canWrite ? [revoke] : []),
  ];
  return (
    <ListSection
      name="keys"
      title="Keys"
      list={list}
      filters={filters}
      columns={columns}
      error={action.error}
    >
      {canWrite ? <NewKey onCreated={list.page.reload} /> : null}
    </ListSection>
  );
}

function Backups() {
  const list = usePagedList('/admin/v1/backups');
  const filters: Filter<'/admin/v1/backups'>[] = [
    { name: 'q', label: 'Search', placeholder: 'appliance name' },
    { name: 'region', label: 'Region' },
    { name: 'status', label: 'Status', options: ['active', 'migrating', 'retired'] },
    { name: 'accountId', label: 'Account id' },
    { name: 'applianceId', label: 'Appliance id' },
  ];
  const columns: Column<Schemas['BackupDto']>[] = [
    ID,
    { title: 'Region', cell: (b) => b.region },
    STATUS,
    { title: 'Size', cell: (b) => bytes(b.sizeBytes) },
    { title: 'Last backup', cell: (b) => when(b.lastBackupAt) },
    { title: 'Appliance', cell: (b) => <code>{b.applianceId}</code> },
  ];
  return <ListSection name="backups" title="Backups" list={list} filters={filters} columns={columns} />;
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
