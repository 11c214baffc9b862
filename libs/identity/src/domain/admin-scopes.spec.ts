import { describe, expect, it } from 'vitest';
import { ADMIN_PERMISSIONS, grantedPermissions, scopesBeyond } from './admin-scopes';

describe(scopesBeyond.name, () => {
  it.each([
    { wanted: ['keys:read'], holder: ['keys:read', 'keys:write'], beyond: [] },
    {
      wanted: ['keys:read', 'accounts:write'],
      holder: ['keys:write'],
      beyond: ['keys:read', 'accounts:write'],
    },
    { wanted: ['admin'], holder: ['keys:write'], beyond: ['admin'] },
    { wanted: ['admin'], holder: [...ADMIN_PERMISSIONS], beyond: ['admin'] },
    { wanted: ['admin'], holder: ['admin'], beyond: [] },
    { wanted: ['something-unknown'], holder: ['keys:write'], beyond: ['something-unknown'] },
    { wanted: ['something-unknown'], holder: ['admin'], beyond: [] },
    { wanted: [], holder: ['keys:write'], beyond: [] },
  ])('$wanted held by $holder -> beyond $beyond', ({ wanted, holder, beyond }) => {
    expect(scopesBeyond(wanted, holder)).toEqual(beyond);
  });
});

describe(grantedPermissions.name, () => {
  it('admin grants every permission; other scopes grant themselves and nothing else', () => {
    expect([...grantedPermissions(['admin'])].sort()).toEqual([...ADMIN_PERMISSIONS].sort());
    expect([...grantedPermissions(['keys:write', 'agent'])]).toEqual(['keys:write']);
  });
});
