// The marker probe's data (G12): a unique marker in every restricted field of a child's file and
// the consenting guardian's name. None may ever appear in public output, exports or logs.

export const MARKERS = {
  realName: 'MKR真名甲乙',
  idNumber: '990000201603140017',
  birthDate: '2016-03-14',
  address: 'MKR住址丙丁',
  guardianName: 'MKR监护戊己',
  guardianRelation: 'MKR关系',
  guardianPhone: '13912345678',
  school: 'MKR学校庚辛',
  schoolClass: 'MKR班级壬癸',
  caseNotes: 'MKR备注子丑',
};
export const CONSENT_GUARDIAN = 'MKR同意人寅卯';
export const ALL_MARKERS = [...Object.values(MARKERS), CONSENT_GUARDIAN];
