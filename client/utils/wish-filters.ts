import type { DifficultyCategory, UrgencyLevel, WishKind, WishSort } from '../../shared/constants';
import type { WishFeedQuery } from '../../shared/schemas/wishes';

/**
 * Value ranges a donor picks from, in fen. Both ends are inclusive on the server, so each range
 * starts one fen above the previous one's end: a ¥500 wish is in "100–500", not in "500–2000".
 */
export const VALUE_RANGES = [
  { key: 'under100', label: '100 元以下', maxValueFen: 10_000 },
  { key: '100to500', label: '100–500 元', minValueFen: 10_001, maxValueFen: 50_000 },
  { key: '500to2000', label: '500–2000 元', minValueFen: 50_001, maxValueFen: 200_000 },
  { key: 'over2000', label: '2000 元以上', minValueFen: 200_001 },
] as const satisfies readonly { key: string; label: string; minValueFen?: number; maxValueFen?: number }[];
export type ValueRangeKey = (typeof VALUE_RANGES)[number]['key'];

/** What a donor chose in the filter sheet; empty lists and nulls mean "any". */
export interface WishFilters {
  /** A town's public id. */
  region: string | null;
  categories: DifficultyCategory[];
  urgencies: UrgencyLevel[];
  kind: WishKind | null;
  value: ValueRangeKey | null;
  campaign: string | null;
}

export const NO_FILTERS: WishFilters = {
  region: null,
  categories: [],
  urgencies: [],
  kind: null,
  value: null,
  campaign: null,
};

/** How many filter groups are in use: the number on the 筛选 button. */
export function activeFilterCount(f: WishFilters): number {
  const inUse = [f.region, f.categories.length, f.urgencies.length, f.kind, f.value, f.campaign];
  return inUse.filter(Boolean).length;
}

/** Adds `value` to a multi-select list, or takes it out; the list keeps `order` (what people see). */
export function toggleIn<T>(list: readonly T[], value: T, order: readonly T[]): T[] {
  const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return order.filter((v) => next.includes(v));
}

/**
 * The feed's query for a sort and a set of filters: lists as `a,b`, value ranges in fen,
 * and nothing at all for a filter not in use (the server treats a missing parameter as "any").
 */
export function feedQuery(sort: WishSort, f: WishFilters, cursor?: string): WishFeedQuery {
  const range = VALUE_RANGES.find((r) => r.key === f.value);
  const query: WishFeedQuery = { sort };
  if (cursor !== undefined) query.cursor = cursor;
  if (f.region) query.region = f.region;
  if (f.categories.length) query.category = f.categories.join(',');
  if (f.urgencies.length) query.urgency = f.urgencies.join(',');
  if (f.kind) query.kind = f.kind;
  if (f.campaign) query.campaign = f.campaign;
  if (range && 'minValueFen' in range) query.minValueFen = String(range.minValueFen);
  if (range && 'maxValueFen' in range) query.maxValueFen = String(range.maxValueFen);
  return query;
}
