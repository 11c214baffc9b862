import { DomainError } from './domain-error';

/**
 * Checks every request runs at the edge, before guards, pipes and class-transformer see the input. They exist
 * because what they reject cannot be stored or processed safely: PostgreSQL `text` holds no NUL character and its
 * UTF-8 encoding holds no lone surrogate (either one was a 500 from the driver), and class-transformer recurses
 * once per nesting level (100k-deep arrays overflowed the stack).
 */

/** Deepest JSON nesting a body may have. Our widest DTO nests two levels; 32 leaves room for any future one. */
export const MAX_JSON_DEPTH = 32;

/** Earliest and latest instants any date field or cursor may carry (PostgreSQL `timestamp(3)` holds both). */
export const MIN_INSTANT = new Date('1970-01-01T00:00:00.000Z');
export const MAX_INSTANT = new Date('9999-12-31T23:59:59.999Z');

export const inputErrors = {
  invalidCharacters: (where: string) =>
    new DomainError(
      'invalid',
      'REQUEST.INVALID_CHARACTERS',
      `${where} contains a NUL character or an unpaired UTF-16 surrogate`,
    ),
  tooDeep: () =>
    new DomainError(
      'invalid',
      'REQUEST.TOO_DEEP',
      `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`,
    ),
};

/** True for a string PostgreSQL can store as text: no NUL, no unpaired surrogate. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && (value as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * The dotted path of the first string (value or object key) in `input` that is not storable text, or null.
 * Iterative, so it cannot overflow whatever the depth (depth is bounded separately, in the JSON parser).
 */
export function findUnstorableText(input: unknown, root: string): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value: input, path: root }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]` }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!isStorableText(key)) return `${path} (a field name)`;
        stack.push({ value: item, path: `${path}.${key}` });
      }
    }
  }
  return null;
}

/** Throws REQUEST.INVALID_CHARACTERS naming where the first bad string is. */
export function assertStorableInput(parts: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(parts)) {
    const where = findUnstorableText(value, name);
    if (where !== null) throw inputErrors.invalidCharacters(where);
  }
}

/**
 * Whether JSON text nests arrays/objects deeper than `maxDepth`. One pass over the text, skipping string contents,
 * so it answers before JSON.parse or anything recursive runs. Malformed text is left to the parser to reject.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** A date a request may carry: a real instant within [MIN_INSTANT, MAX_INSTANT]. */
export function isInstantInRange(date: Date): boolean {
  const time = date.getTime();
  return !Number.isNaN(time) && time >= MIN_INSTANT.getTime() && time <= MAX_INSTANT.getTime();
}
