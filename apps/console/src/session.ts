const STORAGE_KEY = 'landfall.console.key';

/**
 * The admin key lives in sessionStorage only (gone when the tab closes). A key in the fragment
 * (`#/map?key=…`) signs in once and is then removed from the address bar; fragments never reach the server.
 */
export function takeKeyFromAddress(): string | null {
  const [route, query = ''] = window.location.hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const key = params.get('key');
  if (!key) return null;
  params.delete('key');
  const rest = params.toString();
  const clean = `${window.location.pathname}${window.location.search}#${route || '/map'}${rest ? `?${rest}` : ''}`;
  window.history.replaceState(null, '', clean);
  return key;
}

export function storedKey(): string | null {
  return window.sessionStorage.getItem(STORAGE_KEY);
}

export function storeKey(key: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}
