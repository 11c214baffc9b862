import iso3166 from 'iso-3166-2';
import countries from 'world-countries';

const COUNTRY_CODES = new Set(countries.map((c) => c.cca2));

export type ScopeKind = 'country' | 'subdivision';

/** Classifies an index scope ("DE", "US-CA"); null when it is not a real ISO 3166 code. */
export function scopeKindOf(scope: string): ScopeKind | null {
  if (/^[A-Z]{2}$/.test(scope)) return COUNTRY_CODES.has(scope) ? 'country' : null;
  const match = /^([A-Z]{2})-[A-Z0-9]{1,3}$/.exec(scope);
  if (!match) return null;
  return iso3166.data[match[1]]?.sub[scope] ? 'subdivision' : null;
}

/** "US-CA" and the like; "US" is a country. Syntax only (see scopeKindOf for validity). */
export function isSubdivisionScope(scope: string): boolean {
  return scope.length > 2 && scope[2] === '-';
}

export function countryOfScope(scope: string): string {
  return scope.slice(0, 2);
}
