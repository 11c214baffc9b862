import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { ApiError, type ApiClient } from './api';

export interface Session {
  client: ApiClient;
  prefix: string | null;
  permissions: ReadonlySet<string>;
  /** Set when the key may not read its own scopes: write controls stay hidden. */
  notice: string | null;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}

/** Whether the signed-in key holds `permission` (write controls render only then). */
export function useCan(permission: string): boolean {
  return useSession().permissions.has(permission);
}

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change or `reload()` is called; keeps the last good data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (reason: unknown) => {
        if (!live) return;
        setError(reason);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** An action button's state: running, and the envelope of its last failure. */
export function useAction(): {
  busy: boolean;
  error: unknown;
  run: (action: () => Promise<void>) => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action().then(
      () => setBusy(false),
      (reason: unknown) => {
        setError(reason);
        setBusy(false);
      },
    );
  };
  return { busy, error, run };
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError)
    return (
      <div class="error" role="alert" data-error-code={error.code}>
        <strong>{error.code}</strong> {error.message}
        {error.requestId ? <small> (request {error.requestId})</small> : null}
        {error.problems.length > 0 ? (
          <ul data-problems>
            {error.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  return (
    <div class="error" role="alert" data-error-code="CONSOLE.ERROR">
      <strong>CONSOLE.ERROR</strong> {error instanceof Error ? error.message : JSON.stringify(error)}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** One column of a `RecordTable`: its header and how a row fills its cell. */
export interface Column<T> {
  title: string;
  cell: (row: T) => ComponentChildren;
}

/** A table of records, one `data-row` per record (tests and tools find rows by it). */
export function RecordTable<T extends { id: string }>(props: {
  name: string;
  columns: Column<T>[];
  rows: T[] | undefined;
}) {
  return (
    <table data-table={props.name}>
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th key={column.title}>{column.title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {(props.rows ?? []).map((row) => (
          <tr key={row.id} data-row={row.id}>
            {props.columns.map((column) => (
              <td key={column.title}>{column.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A select of region codes; `blank` is the label of an empty first choice (none: a region must be chosen). */
export function RegionSelect(props: {
  name: string;
  regions: string[];
  value: string;
  onChange: (region: string) => void;
  blank?: string;
}) {
  return (
    <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
      {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
      {props.regions.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

export function when(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : '—';
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
