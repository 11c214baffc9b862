// Minimal typings for the untyped iso-3166-2 package (only what we read).
declare module 'iso-3166-2' {
  interface Iso3166Subdivision {
    type: string;
    name: string;
  }
  interface Iso3166Country {
    name: string;
    sub: Record<string, Iso3166Subdivision>;
  }
  const iso3166: { data: Record<string, Iso3166Country> };
  export = iso3166;
}
