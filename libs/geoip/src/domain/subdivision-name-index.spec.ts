import iso3166 from 'iso-3166-2';
import { describe, expect, it } from 'vitest';
import { SUBDIVISION_ALIASES } from './subdivision-aliases';
import { normaliseSubdivisionName, SubdivisionNameIndex } from './subdivision-name-index';

const sut = new SubdivisionNameIndex();

describe(SubdivisionNameIndex.name, () => {
  it.each([
    ['US', 'California', 'US-CA'],
    ['US', 'district of columbia', 'US-DC'],
    ['US', 'Washington, D.C.', 'US-DC'],
    ['US', 'Washington', 'US-WA'],
    ['DE', 'Bavaria', 'DE-BY'],
    ['DE', 'Bayern', 'DE-BY'],
    ['DE', 'Baden-Württemberg', 'DE-BW'],
    ['DE', 'Baden-Wurttemberg', 'DE-BW'],
    ['DE', 'Thüringen', 'DE-TH'],
    ['DE', 'State of Berlin', 'DE-BE'],
    ['DE', 'Free and Hanseatic City of Hamburg', 'DE-HH'],
    ['CA', 'Ontario', 'CA-ON'],
    ['CA', 'Quebec', 'CA-QC'],
    ['CA', 'British Columbia', 'CA-BC'],
    ['AU', 'New South Wales', 'AU-NSW'],
    ['AU', 'ACT', 'AU-ACT'],
    ['AU', 'western australia', 'AU-WA'],
    ['IN', 'Maharashtra', 'IN-MH'],
    ['IN', 'Telangana', 'IN-TG'],
    ['IN', 'Tamil Nadu', 'IN-TN'],
    ['BR', 'São Paulo', 'BR-SP'],
    ['BR', 'Sao Paulo', 'BR-SP'],
    ['BR', 'Federal District', 'BR-DF'],
    ['BR', 'Rio de Janeiro', 'BR-RJ'],
    ['GB', 'England', 'GB-ENG'],
    ['GB', 'Scotland', 'GB-SCT'],
    ['GB', 'Northern Ireland', 'GB-NIR'],
    ['ES', 'Madrid', 'ES-MD'],
    ['ES', 'Catalonia', 'ES-CT'],
    ['SE', 'Stockholm', 'SE-AB'],
    ['SE', 'Vastra Gotaland', 'SE-O'],
    ['RU', 'Moscow', 'RU-MOW'],
    ['NL', 'North Holland', 'NL-NH'],
  ])('%s %s -> %s', (country, name, code) => {
    expect(sut.lookup(country, name)).toBe(code);
  });

  it('scopes names by country (Georgia the state is not in Germany)', () => {
    expect(sut.lookup('US', 'Georgia')).toBe('US-GA');
    expect(sut.lookup('DE', 'Georgia')).toBeNull();
  });

  it('returns null for unknown names and gives the same answer when memoised', () => {
    expect(sut.lookup('US', 'Atlantis')).toBeNull();
    expect(sut.lookup('US', 'Atlantis')).toBeNull();
    expect(sut.lookup('us', 'California')).toBe('US-CA');
  });

  it('keeps answering correctly once the memo is full', () => {
    const small = new SubdivisionNameIndex(1);
    expect(small.lookup('DE', 'Bavaria')).toBe('DE-BY');
    expect(small.lookup('DE', 'Hesse')).toBe('DE-HE');
    expect(small.lookup('DE', 'Hesse')).toBe('DE-HE');
  });

  it('only aliases to codes that exist in ISO 3166-2 for that country', () => {
    const bad = Object.entries(SUBDIVISION_ALIASES).flatMap(([country, aliases]) =>
      Object.entries(aliases)
        .filter(
          ([, code]) => !code.startsWith(`${country}-`) || !(code in (iso3166.data[country]?.sub ?? {})),
        )
        .map(([alias, code]) => `${country}:${alias}->${code}`),
    );
    expect(bad).toEqual([]);
  });

  it('answers repeated names the same every time (its speed is measured by bench:placement, not here)', () => {
    const names = ['California', 'Bavaria', 'Ontario', 'New South Wales', 'Maharashtra', 'England'];
    const countries = ['US', 'DE', 'CA', 'AU', 'IN', 'GB'];
    const first = names.map((name, i) => sut.lookup(countries[i], name));
    expect(first.every((code) => code !== null)).toBe(true);
    for (let round = 0; round < 1_000; round++) {
      names.forEach((name, i) => expect(sut.lookup(countries[i], name)).toBe(first[i]));
    }
  });
});

describe(normaliseSubdivisionName.name, () => {
  it('folds case, diacritics, eszett and punctuation', () => {
    expect(normaliseSubdivisionName('  Baden-Württemberg ')).toBe('baden wurttemberg');
    expect(normaliseSubdivisionName('Gießen')).toBe('giessen');
    expect(normaliseSubdivisionName("Leningradskaya Oblast'")).toBe('leningradskaya oblast');
  });
});
