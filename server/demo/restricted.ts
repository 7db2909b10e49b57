/**
 * Fictional restricted sides for the demo files: invented names, no ID numbers or phones (a
 * made-up ID number could be somebody's real one). Never shown publicly; the privacy tests
 * check that none of it leaks.
 */
const SURNAMES = ['林', '陈', '黄', '吴', '郑', '王', '李', '张', '刘', '蔡', '许', '洪'];
const GIVEN = [
  '雨涵',
  '子轩',
  '梓萱',
  '浩然',
  '欣怡',
  '宇航',
  '诗琪',
  '俊杰',
  '思远',
  '佳怡',
  '明哲',
  '语桐',
];
const GUARDIANS: { relation: string; given: string }[] = [
  { relation: '奶奶', given: '秀英' },
  { relation: '爷爷', given: '德福' },
  { relation: '母亲', given: '丽华' },
  { relation: '父亲', given: '建国' },
  { relation: '外婆', given: '桂兰' },
];

export function demoRestricted(i: number, village: string, town: string, birthYear: number) {
  const surname = SURNAMES[i % SURNAMES.length] ?? '林';
  const guardian = GUARDIANS[i % GUARDIANS.length] ?? { relation: '奶奶', given: '秀英' };
  const month = String((i % 12) + 1).padStart(2, '0');
  const day = String((i % 27) + 1).padStart(2, '0');
  return {
    realName: `${surname}${GIVEN[(i * 5) % GIVEN.length] ?? '雨涵'}`,
    idNumber: null,
    birthDate: `${birthYear}-${month}-${day}`,
    address: `${town}${village}${(i % 9) + 1}组${(i % 40) + 1}号`,
    guardianName: `${guardian.relation === '母亲' || guardian.relation === '父亲' ? surname : '陈'}${guardian.given}`,
    guardianRelation: guardian.relation,
    guardianPhone: null,
    school: `${town}中心小学`,
    schoolClass: `${(i % 6) + 1}年级${(i % 3) + 1}班`,
    caseNotes: '每月走访一次，情况稳定。',
  };
}
