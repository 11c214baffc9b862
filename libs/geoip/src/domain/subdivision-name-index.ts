import iso3166 from 'iso-3166-2';
import { SUBDIVISION_ALIASES } from './subdivision-aliases';

/** Designation words that vendors add or drop ("State of Berlin", "Stockholms län"). */
const DESIGNATIONS =
  /\b(state of|province of|region of|city of|oblast|krai|kray|republic|respublika|province|prefecture|region|county|lan|voivodeship|governorate|department|district)\b/g;

/** Case-, diacritic- and punctuation-insensitive key. */
export function normaliseSubdivisionName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function looseKey(normalised: string): string {
  return normalised.replace(DESIGNATIONS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Maps (country, subdivision NAME) to an ISO 3166-2 code. Built once; lookups
 * hit an exact-string memo first so the per-request cost is one Map probe for
 * any name seen before (vendors repeat the same few thousand names).
 */
export class SubdivisionNameIndex {
  private readonly exact = new Map<string, string | null>();
  private readonly normalised = new Map<string, string>();
  private readonly loose = new Map<string, string>();

  constructor(private readonly memoLimit = 50_000) {
    const ambiguous = new Map<Map<string, string>, Set<string>>([
      [this.normalised, new Set()],
      [this.loose, new Set()],
    ]);
    const put = (map: Map<string, string>, key: string, code: string): void => {
      const existing = map.get(key);
      if (existing !== undefined && existing !== code) ambiguous.get(map)!.add(key);
      else map.set(key, code);
    };
    for (const [country, { sub }] of Object.entries(iso3166.data)) {
      for (const [code, { name }] of Object.entries(sub)) {
        const full = normaliseSubdivisionName(name);
        // "Madrid, Comunidad de" / "Dagestan, Respublika": the part before the comma is the name people use.
        const head = normaliseSubdivisionName(name.split(',')[0]);
        put(this.normalised, `${country}|${full}`, code);
        put(this.loose, `${country}|${looseKey(full)}`, code);
        put(this.loose, `${country}|${looseKey(head)}`, code);
        // Swedish county names are genitive: "Stockholms län" -> "Stockholm".
        if (country === 'SE') put(this.loose, `${country}|${looseKey(full).replace(/s$/, '')}`, code);
      }
    }
    // A key two subdivisions share (BE "Limburg" vs NL) is only ambiguous within a country; drop it.
    for (const [map, keys] of ambiguous) for (const key of keys) map.delete(key);
    for (const [country, aliases] of Object.entries(SUBDIVISION_ALIASES)) {
      for (const [alias, code] of Object.entries(aliases)) {
        this.normalised.set(`${country}|${normaliseSubdivisionName(alias)}`, code);
      }
    }
  }

  /** ISO 3166-2 code for a subdivision name, or null when unknown/ambiguous. */
  lookup(countryCode: string, name: string): string | null {
    const memoKey = `${countryCode}|${name}`;
    const memo = this.exact.get(memoKey);
    if (memo !== undefined) return memo;
    const country = countryCode.toUpperCase();
    const key = normaliseSubdivisionName(name);
    const code =
      this.normalised.get(`${country}|${key}`) ?? this.loose.get(`${country}|${looseKey(key)}`) ?? null;
    if (this.exact.size < this.memoLimit) this.exact.set(memoKey, code);
    return code;
  }
}
