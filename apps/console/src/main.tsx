import { render } from 'preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useErrorBoundary, useState } from 'preact/hooks';
import { ApiError, createApiClient, must } from './api';
import { AuditPage } from './pages/audit';
import { FleetPage } from './pages/fleet';
import { MapPage } from './pages/map';
import { MigrationsPage } from './pages/migrations';
import { PlacementPage } from './pages/placement';
import { RegionsPage } from './pages/regions';
import { forgetKey, storedKey, storeKey, takeKeyFromAddress } from './session';
import { ErrorBox, SessionContext, type Session } from './ui';
import './style.css';

const PAGES = {
  map: { title: 'Map', Page: MapPage },
  regions: { title: 'Regions', Page: RegionsPage },
  fleet: { title: 'Fleet', Page: FleetPage },
  migrations: { title: 'Migrations', Page: MigrationsPage },
  audit: { title: 'Audit', Page: AuditPage },
  placement: { title: 'Placement', Page: PlacementPage },
} as const;
type PageName = keyof typeof PAGES;

function currentPage(): PageName {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[?/]/, 1)[0];
  return name in PAGES ? (name as PageName) : 'map';
}

/** Signs in with a key: the hub says which permissions it holds (or that it may not say: then read-only). */
async function signIn(key: string): Promise<Session> {
  const client = createApiClient(key);
  try {
    const self = await must(client.GET('/admin/v1/keys/self'));
    return { client, prefix: self.prefix, permissions: new Set(self.permissions), notice: null };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'AUTH.MISSING_PERMISSION')
      return {
        client,
        prefix: null,
        permissions: new Set(),
        notice: 'This key may not read its own scopes (keys:read), so every write control is hidden.',
      };
    throw error;
  }
}

/** A page that throws while rendering shows what broke instead of a blank page; leaving the page resets it. */
function Guarded({ children }: { children: ComponentChildren }) {
  const caught: unknown[] = useErrorBoundary();
  return caught[0] ? <ErrorBox error={caught[0]} /> : <>{children}</>;
}

function SignIn({ onKey, error }: { onKey: (key: string) => void; error: unknown }) {
  const [key, setKey] = useState('');
  return (
    <form
      class="sign-in"
      onSubmit={(event) => {
        event.preventDefault();
        onKey(key.trim());
      }}
    >
      <h1>Landfall console</h1>
      <p>Paste an admin key (lf_adm_…). It stays in this browser tab’s session storage only.</p>
      <input
        name="key"
        type="password"
        autocomplete="off"
        placeholder="lf_adm_…"
        value={key}
        onInput={(e) => setKey(e.currentTarget.value)}
      />
      <button type="submit" disabled={!key.trim()}>
        Sign in
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(true);
  const [page, setPage] = useState<PageName>(currentPage());

  const useKey = (key: string) => {
    setChecking(true);
    signIn(key).then(
      (signedIn) => {
        storeKey(key);
        setSession(signedIn);
        setError(null);
        setChecking(false);
      },
      (reason: unknown) => {
        forgetKey();
        setSession(null);
        setError(reason);
        setChecking(false);
      },
    );
  };

  useEffect(() => {
    const key = takeKeyFromAddress() ?? storedKey();
    if (key) useKey(key);
    else setChecking(false);
    const onHash = () => setPage(currentPage());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  if (checking) return <p class="loading">Signing in…</p>;
  if (!session) return <SignIn onKey={useKey} error={error} />;
  const { Page } = PAGES[page];
  return (
    <SessionContext.Provider value={session}>
      <header>
        <strong>Landfall</strong>
        <nav>
          {(Object.keys(PAGES) as PageName[]).map((name) => (
            <a key={name} href={`#/${name}`} class={name === page ? 'active' : ''} data-page-link={name}>
              {PAGES[name].title}
            </a>
          ))}
        </nav>
        <span class="who" data-key-prefix={session.prefix ?? ''}>
          {session.prefix ? `key ${session.prefix}` : 'key'} ·{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              forgetKey();
              setSession(null);
            }}
          >
            sign out
          </button>
        </span>
      </header>
      {session.notice ? <p class="notice">{session.notice}</p> : null}
      <main data-page={page}>
        <Guarded key={page}>
          <Page />
        </Guarded>
      </main>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
