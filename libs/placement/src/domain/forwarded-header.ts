import { PlacementError } from './placement-error';

/** One hop as a proxy recorded it; `raw` is kept for error messages. */
export type ForwardedHop =
  | { kind: 'address'; raw: string }
  | { kind: 'unknown'; raw: string }
  | { kind: 'obfuscated'; raw: string }
  | { kind: 'missing'; raw: string };

const OBFUSCATED = /^_[A-Za-z0-9._-]+$/;

function malformed(header: string, why: string): never {
  throw new PlacementError('PLACEMENT.MALFORMED_FORWARDED_HEADER', `Malformed ${header} header: ${why}`);
}

function join(value: string | readonly string[] | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : value.join(',');
}

function classify(value: string): ForwardedHop {
  const lower = value.toLowerCase();
  if (lower === 'unknown') return { kind: 'unknown', raw: value };
  if (OBFUSCATED.test(value)) return { kind: 'obfuscated', raw: value };
  return { kind: 'address', raw: value };
}

/** X-Forwarded-For: comma separated, leftmost is the claimed client. */
export function parseXForwardedFor(value: string | readonly string[] | null | undefined): ForwardedHop[] {
  const text = join(value).trim();
  if (text === '') return [];
  return text.split(',').map((part) => {
    const entry = part.trim();
    if (entry === '') malformed('X-Forwarded-For', 'empty entry');
    return classify(entry);
  });
}

/**
 * RFC 7239 Forwarded: elements split by ",", pairs by ";", values are tokens
 * or quoted-strings (which may contain "," and ";", hence a real tokenizer).
 * Only `for` is used; an element without `for` is an undisclosed hop.
 */
export function parseForwarded(value: string | readonly string[] | null | undefined): ForwardedHop[] {
  const text = join(value);
  if (text.trim() === '') return [];
  const hops: ForwardedHop[] = [];
  let i = 0;
  let current: string | null = null;
  let sawPair = false;
  const endElement = (): void => {
    if (!sawPair) malformed('Forwarded', 'empty element');
    hops.push(current === null ? { kind: 'missing', raw: '' } : classify(current));
    current = null;
    sawPair = false;
  };
  while (i <= text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= text.length) {
      endElement();
      break;
    }
    if (text[i] === ',') malformed('Forwarded', `empty element at offset ${i}`);
    const eq = text.indexOf('=', i);
    if (eq < 0) malformed('Forwarded', `pair without "=" at offset ${i}`);
    const name = text.slice(i, eq).trim().toLowerCase();
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) malformed('Forwarded', `bad parameter name at offset ${i}`);
    i = eq + 1;
    let pairValue: string;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        if (i >= text.length) malformed('Forwarded', 'unterminated quoted string');
        const ch = text[i];
        if (ch === '\\') {
          out += text[i + 1] ?? '';
          i += 2;
        } else if (ch === '"') {
          i++;
          break;
        } else {
          out += ch;
          i++;
        }
      }
      pairValue = out;
    } else {
      const start = i;
      while (i < text.length && text[i] !== ';' && text[i] !== ',') i++;
      pairValue = text.slice(start, i).trim();
      if (pairValue === '') malformed('Forwarded', `empty value for "${name}"`);
    }
    if (name === 'for') {
      if (current !== null) malformed('Forwarded', 'duplicate "for" in one element');
      current = pairValue;
    }
    sawPair = true;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= text.length) {
      endElement();
      break;
    }
    if (text[i] === ';') i++;
    else if (text[i] === ',') {
      endElement();
      i++;
    } else malformed('Forwarded', `unexpected "${text[i]}" at offset ${i}`);
  }
  return hops;
}
