import { FORM_VALUES, PATH_VALUES } from './corpus-values';

/** One malformed call of the TKLBAM API at /api/backup/ (not in the OpenAPI document: its contract is hub.py). */
export interface TklbamCorpusRequest {
  label: string;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  /** The form, sent as the query of a GET and as the body otherwise. */
  form: string;
}

/** Every argument of every TKLBAM call × malformed form values, record ids × malformed path values. */
export function tklbamCorpus(recordId: string): TklbamCorpusRequest[] {
  const calls: Array<{ method: 'GET' | 'POST' | 'PUT'; uri: string; args: Record<string, string> }> = [
    { method: 'GET', uri: 'subkey/', args: { apikey: 'IAAEBAGBAFAYDQ' } },
    { method: 'GET', uri: 'credentials/', args: {} },
    {
      method: 'POST',
      uri: 'record/create/',
      args: { key: 'k', turnkey_version: 'turnkey-core-18.0-bookworm-amd64', server_id: 's' },
    },
    { method: 'PUT', uri: 'record/update/', args: { address: 's3://host/bucket/prefix' } },
    { method: 'GET', uri: 'records/', args: {} },
    { method: 'GET', uri: `record/${recordId}/`, args: {} },
    { method: 'PUT', uri: `record/${recordId}/`, args: { key: 'k' } },
    { method: 'PUT', uri: `record/${recordId}/inprogress/`, args: { bool: 'False' } },
    {
      method: 'GET',
      uri: 'archive/timestamp/',
      args: { turnkey_version: 'turnkey-core-18.0-bookworm-amd64' },
    },
    { method: 'GET', uri: 'archive/', args: { turnkey_version: 'turnkey-core-18.0-bookworm-amd64' } },
  ];
  const requests: TklbamCorpusRequest[] = [];
  for (const call of calls) {
    const names = Object.keys(call.args);
    const variants: Array<{ label: string; form: string; uri: string }> = [];
    for (const name of names) {
      for (const value of FORM_VALUES) {
        const form = names
          .map((n) => `${n}=${n === name ? value.raw : encodeURIComponent(call.args[n])}`)
          .join('&');
        variants.push({ label: `${name}=${value.name}`, form, uri: call.uri });
      }
    }
    if (call.uri.startsWith('record/') && /\d/.test(call.uri)) {
      for (const value of PATH_VALUES) {
        variants.push({
          label: `id=${value.name}`,
          form: names.map((n) => `${n}=${encodeURIComponent(call.args[n])}`).join('&'),
          uri: call.uri.replace(recordId, value.raw),
        });
      }
    }
    variants.push({ label: 'extra NUL argument', form: 'zz=a%00b', uri: call.uri });
    for (const variant of variants) {
      requests.push({
        label: `${call.method} /api/backup/${call.uri} ${variant.label}`,
        method: call.method,
        url: `/api/backup/${variant.uri}${call.method === 'GET' && variant.form ? `?${variant.form}` : ''}`,
        form: variant.form,
      });
    }
  }
  return requests;
}
