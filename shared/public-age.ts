import { AGE_BANDS, REIDENTIFICATION_MIN_GROUP } from './constants';
import { chinaYear } from './china-date';

/** A child's age this year, from the birth year alone (the birthday is never used in public). */
export function ageFromBirthYear(birthYear: number, now: number): number {
  return Math.max(0, chinaYear(now) - birthYear);
}

/**
 * The age the public sees. `groupSize` is how many children with published wishes share this
 * child's town, age and gender: in a small group the exact age would point at one child, so a
 * band is shown instead.
 */
export function publicAge(age: number, groupSize: number): { min: number; max: number } {
  if (groupSize >= REIDENTIFICATION_MIN_GROUP) return { min: age, max: age };
  const band = AGE_BANDS.find(([lo, hi]) => age >= lo && age <= hi);
  return band ? { min: band[0], max: band[1] } : { min: age, max: age };
}

/** '9岁' or '6–9岁'. */
export function formatPublicAge(age: { min: number; max: number }): string {
  return age.min === age.max ? `${age.min}岁` : `${age.min}–${age.max}岁`;
}
