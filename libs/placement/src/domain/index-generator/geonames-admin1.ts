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
  // GeoNames' FIPS-era numbers; Ladakh ('41') has no code in iso-3166-2 yet and stays unmapped.
  IN: {
    '01': 'AN',
    '02': 'AP',
    '03': 'AS',
    '05': 'CH',
    '06': 'DN',
    '07': 'DL',
    '09': 'GJ',
    '10': 'HR',
    '11': 'HP',
    '12': 'JK',
    '13': 'KL',
    '14': 'LD',
    '16': 'MH',
    '17': 'MN',
    '18': 'ML',
    '19': 'KA',
    '20': 'NL',
    '21': 'OR',
    '22': 'PY',
    '23': 'PB',
    '24': 'RJ',
    '25': 'TN',
    '26': 'TR',
    '28': 'WB',
    '29': 'SK',
    '30': 'AR',
    '31': 'MZ',
    '32': 'DD',
    '33': 'GA',
    '34': 'BR',
    '35': 'MP',
    '36': 'UP',
    '37': 'CT',
    '38': 'JH',
    '39': 'UT',
    '40': 'TG',
  },
  // FIPS numbers are alphabetical (01 Aichi … 47 Okinawa); ISO runs north to south (01 Hokkaido … 47 Okinawa).
  JP: {
    '01': '23',
    '02': '05',
    '03': '02',
    '04': '12',
    '05': '38',
    '06': '18',
    '07': '40',
    '08': '07',
    '09': '21',
    '10': '10',
    '11': '34',
    '12': '01',
    '13': '28',
    '14': '08',
    '15': '17',
    '16': '03',
    '17': '37',
    '18': '46',
    '19': '14',
    '20': '39',
    '21': '43',
    '22': '26',
    '23': '24',
    '24': '04',
    '25': '45',
    '26': '20',
    '27': '42',
    '28': '29',
    '29': '15',
    '30': '44',
    '31': '33',
    '32': '27',
    '33': '41',
    '34': '11',
    '35': '25',
    '36': '32',
    '37': '22',
    '38': '09',
    '39': '36',
    '40': '13',
    '41': '31',
    '42': '16',
    '43': '30',
    '44': '06',
    '45': '35',
    '46': '19',
    '47': '47',
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
