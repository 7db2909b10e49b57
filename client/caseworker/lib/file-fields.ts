/** Field names of a file (as the edit history records them) → the words on the form. */
const FIELD_LABELS: Record<string, string> = {
  regionId: '所在村/社区',
  region: '所在村/社区',
  pseudonym: '化名',
  birthYear: '出生年份',
  gender: '性别',
  category: '困境类别',
  urgency: '紧急程度',
  story: '公开的故事',
  realName: '真实姓名',
  idNumber: '身份证号',
  birthDate: '出生日期',
  address: '家庭住址',
  guardianName: '监护人',
  guardianRelation: '监护人关系',
  guardianPhone: '监护人电话',
  school: '学校',
  schoolClass: '班级',
  caseNotes: '个案备注',
  consent: '监护人同意',
};

/** 'restricted.realName' and 'realName' both read 真实姓名; an unknown name is shown as it is. */
export function fieldLabel(field: string): string {
  const name = field.replace(/^restricted\./, '');
  return FIELD_LABELS[name] ?? name;
}

/** One line for a revision: '化名、真实姓名', or 建档 for the first version. */
export function revisionSummary(version: number, fields: readonly string[]): string {
  if (fields.length === 0) return version === 1 ? '建档' : '无字段变化';
  return [...new Set(fields.map(fieldLabel))].join('、');
}
