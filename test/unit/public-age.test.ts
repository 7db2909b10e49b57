import { describe, expect, it } from 'vitest';
import { REIDENTIFICATION_MIN_GROUP } from '../../shared/constants';
import { ageFromBirthYear, formatPublicAge, publicAge } from '../../shared/public-age';

describe('public age (re-identification guard)', () => {
  it('shows the exact age when enough children share town, age and gender', () => {
    expect(publicAge(9, REIDENTIFICATION_MIN_GROUP)).toEqual({ min: 9, max: 9 });
    expect(publicAge(9, 10)).toEqual({ min: 9, max: 9 });
  });

  it.each([
    [0, 0, 2],
    [2, 0, 2],
    [3, 3, 5],
    [6, 6, 9],
    [9, 6, 9],
    [10, 10, 12],
    [13, 13, 15],
    [17, 16, 18],
    [40, 19, 59],
    [70, 60, 120],
  ])('shows age %i as the band %i–%i in a group smaller than the minimum', (age, min, max) => {
    expect(publicAge(age, REIDENTIFICATION_MIN_GROUP - 1)).toEqual({ min, max });
    expect(publicAge(age, 0)).toEqual({ min, max });
  });

  it('formats exact ages and bands', () => {
    expect(formatPublicAge({ min: 9, max: 9 })).toBe('9岁');
    expect(formatPublicAge({ min: 6, max: 9 })).toBe('6–9岁');
  });

  it('derives the age from the birth year in China time', () => {
    // 2026-12-31T16:30Z is already 2027-01-01 in China.
    expect(ageFromBirthYear(2017, Date.parse('2026-12-31T16:30:00Z'))).toBe(10);
    expect(ageFromBirthYear(2017, Date.parse('2026-12-31T15:30:00Z'))).toBe(9);
    expect(ageFromBirthYear(2030, Date.parse('2026-06-01T00:00:00Z'))).toBe(0);
  });
});
