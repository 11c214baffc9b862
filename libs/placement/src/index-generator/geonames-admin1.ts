import iso3166 from 'iso-3166-2';

/**
 * GeoNames admin1 codes are not ISO 3166-2 codes. For most countries they are
 * FIPS-era numbers ("08" is Ontario, "02" is Bavaria) with no public mapping
 * shipped here, so we only map:
 *  - countries whose admin1 codes ARE the ISO suffixes (US states, CH cantons,
 *    GB nations, ...), detected from the data (see isoAlignedCountries), and
 *  - the hand-checked tables below, each verified by a unit test that puts
 *    well-known cities in the right subdivision.
 * Other countries get country-level entries only (documented in README).
 */
export const GEONAMES_ADMIN1_TO_ISO: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CA: {
    '01': 'AB',
    '02': 'BC',
    '03': 'MB',
    '04': 'NB',
    '05': 'NL',
    '07': 'NS',
    '08': 'ON',
    '09': 'PE',
    '10': 'QC',
    '11': 'SK',
    '12': 'YT',
    '13': 'NT',
    '14': 'NU',
  },
  AU: { '01': 'ACT', '02': 'NSW', '03': 'NT', '04': 'QLD', '05': 'SA', '06': 'TAS', '07': 'VIC', '08': 'WA' },
  DE: {
    '01': 'BW',
    '02': 'BY',
    '03': 'HB',
    '04': 'HH',
    '05': 'HE',
    '06': 'NI',
    '07': 'NW',
    '08': 'RP',
    '09': 'SL',
    '10': 'SH',
    '11': 'BB',
    '12': 'MV',
    '13': 'SN',
    '14': 'ST',
    '15': 'TH',
    '16': 'BE',
  },
};

export interface AdminCity {
  country: string;
  adminCode: string;
  population: number;
}

/** Share of population that must map, so a few coincidental letter matches never qualify a country. */
const ALIGNED_SHARE = 0.99;

/** Countries whose alphabetic GeoNames admin1 codes equal their ISO 3166-2 suffixes. */
export function isoAlignedCountries(cities: readonly AdminCity[]): Set<string> {
  const totals = new Map<string, { population: number; matched: number; codes: Set<string> }>();
  for (const city of cities) {
    const t = totals.get(city.country) ?? { population: 0, matched: 0, codes: new Set<string>() };
    totals.set(city.country, t);
    t.population += city.population;
    const sub = iso3166.data[city.country]?.sub;
    if (/^[A-Z]{1,3}$/.test(city.adminCode) && sub && `${city.country}-${city.adminCode}` in sub) {
      t.matched += city.population;
      t.codes.add(city.adminCode);
    }
  }
  const aligned = new Set<string>();
  for (const [country, t] of totals) {
    // One code means the "subdivision" is the whole territory (GF, RE): nothing to gain.
    if (t.population > 0 && t.matched / t.population >= ALIGNED_SHARE && t.codes.size >= 2)
      aligned.add(country);
  }
  return aligned;
}

/** ISO 3166-2 code for a city's admin1, or null when it cannot be mapped reliably. */
export function subdivisionOf(city: AdminCity, aligned: ReadonlySet<string>): string | null {
  const table = GEONAMES_ADMIN1_TO_ISO[city.country];
  if (table) {
    const suffix = table[city.adminCode];
    return suffix === undefined ? null : `${city.country}-${suffix}`;
  }
  if (!aligned.has(city.country)) return null;
  const code = `${city.country}-${city.adminCode}`;
  return code in (iso3166.data[city.country]?.sub ?? {}) ? code : null;
}
