import Table from 'cli-table3';
import { stringify } from 'yaml';
import type { CliIo } from '../core/io';
import type { OutputFormat } from '../client/target';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

type Cell = string | number | boolean | null | undefined;

/** kubectl-like plain columns: no borders, two spaces between columns, so `awk`/`grep` work on it. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const table = new Table({
    head: [...header],
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push(row.map(cell));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

function cell(value: Cell): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value);
}

/** Machine formats print what the hub answered, unchanged; the table is for people. */
export function formatData(format: OutputFormat, data: unknown): string {
  return format === 'yaml' ? stringify(data) : `${JSON.stringify(data, null, 2)}\n`;
}

export interface Printer {
  format: OutputFormat;
  io: CliIo;
}

/** A list (an array or a `{items, nextCursor}` page) as rows, or as the hub's JSON/YAML. */
export function printList<T>(
  printer: Printer,
  data: readonly T[] | { items: readonly T[]; nextCursor?: string | null },
  columns: readonly Column<T>[],
  empty = 'Nothing found.',
): void {
  if (printer.format !== 'table') {
    printer.io.out(formatData(printer.format, data));
    return;
  }
  const page = isPage(data) ? data : { items: data, nextCursor: null };
  const { items, nextCursor: next } = page;
  printer.io.out(
    items.length === 0
      ? `${empty}\n`
      : formatTable(
          columns.map((c) => c.header),
          items.map((item) => columns.map((c) => c.value(item))),
        ),
  );
  if (next) printer.io.err(`more: --cursor ${next} (or --all)\n`);
}

function isPage<T>(
  data: readonly T[] | { items: readonly T[] },
): data is { items: readonly T[]; nextCursor?: string | null } {
  return !Array.isArray(data);
}

/** One object as `field  value` lines (table), or as the hub's JSON/YAML. */
export function printObject<T>(printer: Printer, data: T, fields: readonly Column<T>[]): void {
  if (printer.format !== 'table') {
    printer.io.out(formatData(printer.format, data));
    return;
  }
  printer.io.out(
    formatTable(
      ['FIELD', 'VALUE'],
      fields.map((f) => [f.header, f.value(data)]),
    ),
  );
}

export const when = (iso: string | null | undefined): string =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
