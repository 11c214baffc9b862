// Minimal typings for the untyped airports package (MIT; lat/lon are strings and may be absent).
declare module 'airports' {
  const airports: Array<{ iata?: string; lat?: string; lon?: string; iso?: string; name?: string }>;
  export = airports;
}
