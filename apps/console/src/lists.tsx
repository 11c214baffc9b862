import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { must } from './api';
import type { paths } from './openapi';
import { type Column, ErrorBox, type Loaded, RecordTable, Section, useLoad, useSession } from './ui';

/** The console's paged lists: every one answers `{ items, nextCursor }` and takes `cursor` and `limit`. */
export type ListPath =
  | '/admin/v1/accounts'
  | '/admin/v1/appliances'
  | '/admin/v1/keys'
  | '/admin/v1/backups'
  | '/admin/v1/migrations'
  | '/admin/v1/placement/suggestions';
type ListQuery<P extends ListPath> = NonNullable<paths[P]['get']['parameters']['query']>;
type ListPage<P extends ListPath> = paths[P]['get']['responses'][200]['content']['application/json'];
export type ListRow<P extends ListPath> = ListPage<P>['items'][number];
type FilterName<P extends ListPath> = Exclude<keyof ListQuery<P>, 'cursor' | 'limit' | 'total'> & string;

/** One filter the API has for a list: a select of its values when it is an enum, else a text box. */
export type Filter<P extends ListPath> = {
  [K in FilterName<P>]: {
    name: K;
    label: string;
    options?: readonly NonNullable<ListQuery<P>[K]>[];
    /** What a text box matches (the search box says which fields it looks in). */
    placeholder?: string;
  };
}[FilterName<P>];

export const PAGE_SIZES = [25, 50, 100] as const;
type PageSize = (typeof PAGE_SIZES)[number];

/** A page of a list and its number (what is on screen may still be the last page while the next loads). */
interface NumberedPage<P extends ListPath> {
  number: number;
  body: ListPage<P>;
}

export interface PagedList<P extends ListPath> {
  page: Loaded<NumberedPage<P>>;
  filters: Partial<Record<FilterName<P>, string>>;
  setFilter: (name: FilterName<P>, value: string) => void;
  /** 1 for the first page; each "Next page" pushes the page's nextCursor on a stack, "Previous page" pops it. */
  pageNumber: number;
  next: () => void;
  previous: () => void;
  limit: PageSize;
  setLimit: (limit: PageSize) => void;
}

/** A list read page by page with `nextCursor`; a new filter or page size starts again at the first page. */
export function usePagedList<P extends ListPath>(path: P): PagedList<P> {
  const { client } = useSession();
  const [filters, setFilters] = useState<Partial<Record<FilterName<P>, string>>>({});
  const [limit, setPageSize] = useState<PageSize>(100);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const query = { ...filters, cursor, limit };
  const page = useLoad(async () => {
    // Every list path takes these parameters (FilterName is drawn from its own query type).
    const call = client.GET(path as '/admin/v1/accounts', { params: { query } } as never);
    const body = (await must(call)) as unknown as ListPage<P>;
    return { number: cursors.length + 1, body };
  }, [path, JSON.stringify(query)]);
  return {
    page,
    filters,
    setFilter: (name, value) => {
      setCursors([]);
      setFilters((current) => {
        const next = { ...current };
        if (value) next[name] = value;
        else delete next[name];
        return next;
      });
    },
    pageNumber: cursors.length + 1,
    next: () => {
      const nextCursor = page.data?.body.nextCursor;
      if (nextCursor) setCursors((stack) => [...stack, nextCursor]);
    },
    previous: () => setCursors((stack) => stack.slice(0, -1)),
    limit,
    setLimit: (size) => {
      setCursors([]);
      setPageSize(size);
    },
  };
}

export function Filters<P extends ListPath>({
  name,
  list,
  filters,
}: {
  name: string;
  list: PagedList<P>;
  filters: Filter<P>[];
}) {
  return (
    <form class="filters" data-filters={name} onSubmit={(e) => e.preventDefault()}>
      {filters.map((filter) => (
        <label key={filter.name}>
          {filter.label}{' '}
          {filter.options ? (
            <select
              name={filter.name}
              value={list.filters[filter.name] ?? ''}
              onChange={(e) => list.setFilter(filter.name, e.currentTarget.value)}
            >
              <option value="">any</option>
              {filter.options.map(String).map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          ) : (
            <input
              name={filter.name}
              placeholder={filter.placeholder}
              value={list.filters[filter.name] ?? ''}
              onChange={(e) => list.setFilter(filter.name, e.currentTarget.value.trim())}
            />
          )}
        </label>
      ))}
    </form>
  );
}

export function Pager<P extends ListPath>({ name, list }: { name: string; list: PagedList<P> }) {
  const { loading } = list.page;
  const data = list.page.data?.body;
  return (
    <div class="pager" data-pager={name} data-shown-page={list.page.data?.number ?? 0}>
      <button
        type="button"
        name="previous-page"
        disabled={loading || list.pageNumber === 1}
        onClick={list.previous}
      >
        Previous page
      </button>
      <span data-page-number={list.pageNumber}>
        Page {list.pageNumber}
        {data ? `: ${data.items.length} shown` : ''}
      </span>
      <button type="button" name="next-page" disabled={loading || !data?.nextCursor} onClick={list.next}>
        Next page
      </button>
      <label>
        Per page{' '}
        <select
          name="limit"
          value={String(list.limit)}
          onChange={(e) => list.setLimit(Number(e.currentTarget.value) as PageSize)}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={String(size)}>
              {size}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The lists whose rows are records with an `id` (suggestions are keyed by scope). */
type RecordListPath = Exclude<ListPath, '/admin/v1/placement/suggestions'>;

/** A fleet list: its filters, the envelope of any failure (instead of rows), one page of records, the pager. */
export function ListSection<P extends RecordListPath>(props: {
  name: string;
  title: string;
  list: PagedList<P>;
  filters: Filter<P>[];
  columns: Column<ListRow<P>>[];
  /** Above the filters (the key form); `error` is a failed write of the section's own controls. */
  children?: ComponentChildren;
  error?: unknown;
}) {
  const { list } = props;
  return (
    <Section title={props.title}>
      {props.children}
      <Filters name={props.name} list={list} filters={props.filters} />
      <ErrorBox error={list.page.error ?? props.error} />
      <RecordTable
        name={props.name}
        columns={props.columns}
        rows={list.page.error ? [] : list.page.data?.body.items}
      />
      <Pager name={props.name} list={list} />
    </Section>
  );
}
