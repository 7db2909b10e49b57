import type { Me } from '../../../shared/schemas/auth';
import type { Region } from '../../../shared/schemas/orgs';

export interface Place {
  id: string;
  /** '石桥镇 · 上坑村' — the town helps tell villages of the same name apart. */
  label: string;
}

/** The region a caseworker's role covers in her current organization (null: the whole organization). */
export function caseworkerScope(me: Me): Me['memberships'][number]['region'] {
  const role = me.memberships.find((m) => m.org.id === me.currentOrgId && m.role === 'caseworker');
  return role?.region ?? null;
}

/**
 * Where a file may be placed: the villages inside the caseworker's region (the region itself
 * when it is a village; every village when her role covers the whole organization — the server
 * refuses what lies outside it).
 */
export function placesInScope(regions: readonly Region[], scopeId: string | null): Place[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const within = (r: Region): boolean => {
    if (scopeId === null) return true;
    for (let at: Region | undefined = r; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
      if (at.id === scopeId) return true;
    }
    return false;
  };
  const label = (r: Region) => {
    const parent = r.parentId ? byId.get(r.parentId) : undefined;
    return parent && parent.level !== 'county' ? `${parent.name} · ${r.name}` : r.name;
  };
  const scope = scopeId ? byId.get(scopeId) : undefined;
  const places = regions.filter((r) => r.level === 'village' && within(r));
  // A town with no villages yet: files may still be kept at the town.
  if (places.length === 0 && scope && scope.level !== 'county')
    return [{ id: scope.id, label: label(scope) }];
  return places.map((r) => ({ id: r.id, label: label(r) }));
}
