import type { DifficultyCategory, Gender, UrgencyLevel, WishKind, WishStatus } from '../../shared/constants';

export interface DemoWish {
  title: string;
  pseudonym: string;
  age: number;
  gender: Gender;
  category: DifficultyCategory;
  urgency: UrgencyLevel;
  /** Estimated value in integer fen. */
  valueFen: number;
  town: string;
  /** Days since it was published (how long it has waited). */
  waitedDays: number;
  status?: WishStatus;
  /** Default: item. */
  kind?: WishKind;
  /** Default 1; a large wish is split into equal shares (the value divides evenly). */
  shares?: number;
}

/**
 * Fictional wishes in the spirit of the county programs in the seeds: items, services and
 * experiences, across all eight difficulty categories and four urgency levels. Pseudonyms only.
 */
// prettier-ignore
export const DEMO_WISHES: DemoWish[] = [
  { title: '一辆轻便轮椅，想自己去村口看看', pseudonym: '小潘', age: 13, gender: 'male', category: 'disability', urgency: 'red', valueFen: 98000, town: '南岭镇', waitedDays: 1, shares: 4 },
  { title: '化疗期间用的营养品和一顶毛线帽', pseudonym: '小雨', age: 8, gender: 'female', category: 'illness', urgency: 'red', valueFen: 45000, town: '石桥镇', waitedDays: 2 },
  { title: '火灾后需要两床棉被和冬衣', pseudonym: '阿乐', age: 10, gender: 'male', category: 'emergency', urgency: 'red', valueFen: 60000, town: '桃源乡', waitedDays: 0 },
  { title: '一副合适的助听器', pseudonym: '小禾', age: 7, gender: 'female', category: 'disability', urgency: 'red', valueFen: 260000, town: '城关镇', waitedDays: 3, shares: 5 },
  { title: '住院复查的往返路费和陪护餐费', pseudonym: '小树', age: 11, gender: 'male', category: 'illness', urgency: 'red', valueFen: 80000, town: '白沙街道', waitedDays: 1, kind: 'service' },
  { title: '台风后修补漏雨屋顶的防水布', pseudonym: '小海', age: 9, gender: 'male', category: 'emergency', urgency: 'red', valueFen: 35000, town: '白沙街道', waitedDays: 2 },
  { title: '一个新书包和一套文具', pseudonym: '小棋', age: 9, gender: 'female', category: 'left_behind', urgency: 'orange', valueFen: 15000, town: '石桥镇', waitedDays: 6 },
  { title: '冬天穿的羽绒服和棉鞋', pseudonym: '小满', age: 6, gender: 'female', category: 'guardianship_gap', urgency: 'orange', valueFen: 32000, town: '桃源乡', waitedDays: 4 },
  { title: '一台护眼台灯，晚上写作业用', pseudonym: '小石', age: 12, gender: 'male', category: 'low_income', urgency: 'orange', valueFen: 12000, town: '南岭镇', waitedDays: 8 },
  { title: '康复训练课 10 次', pseudonym: '小语', age: 5, gender: 'female', category: 'disability', urgency: 'orange', valueFen: 150000, town: '城关镇', waitedDays: 5, kind: 'service', shares: 2 },
  { title: '一双合脚的运动鞋，想参加学校运动会', pseudonym: '小峰', age: 11, gender: 'male', category: 'left_behind', urgency: 'orange', valueFen: 22000, town: '石桥镇', waitedDays: 3 },
  { title: '哮喘用的雾化器', pseudonym: '小苗', age: 6, gender: 'female', category: 'illness', urgency: 'orange', valueFen: 38000, town: '桃源乡', waitedDays: 7 },
  { title: '一张属于自己的书桌和椅子', pseudonym: '小溪', age: 10, gender: 'female', category: 'migrant', urgency: 'orange', valueFen: 45000, town: '白沙街道', waitedDays: 9 },
  { title: '每周一次的数学辅导，陪伴到期末', pseudonym: '小航', age: 13, gender: 'male', category: 'education', urgency: 'orange', valueFen: 80000, town: '城关镇', waitedDays: 10, kind: 'service' },
  { title: '一套新校服', pseudonym: '小桃', age: 8, gender: 'female', category: 'guardianship_gap', urgency: 'orange', valueFen: 18000, town: '南岭镇', waitedDays: 2 },
  { title: '想要一套《十万个为什么》', pseudonym: '小安', age: 9, gender: 'male', category: 'education', urgency: 'yellow', valueFen: 16800, town: '石桥镇', waitedDays: 12 },
  { title: '去县城科技馆参观一天', pseudonym: '小星', age: 10, gender: 'male', category: 'left_behind', urgency: 'yellow', valueFen: 20000, town: '桃源乡', waitedDays: 14, kind: 'experience' },
  { title: '一副乒乓球拍和一盒球', pseudonym: '小跃', age: 11, gender: 'male', category: 'left_behind', urgency: 'yellow', valueFen: 9000, town: '南岭镇', waitedDays: 11 },
  { title: '学画画用的水彩和画板', pseudonym: '小画', age: 9, gender: 'female', category: 'low_income', urgency: 'yellow', valueFen: 12800, town: '城关镇', waitedDays: 9 },
  { title: '一本新华字典和一本成语词典', pseudonym: '小典', age: 8, gender: 'male', category: 'migrant', urgency: 'yellow', valueFen: 6500, town: '白沙街道', waitedDays: 15 },
  { title: '和妈妈视频用的旧手机换块新电池', pseudonym: '小念', age: 10, gender: 'female', category: 'left_behind', urgency: 'yellow', valueFen: 15000, town: '石桥镇', waitedDays: 7 },
  { title: '一件红色的连衣裙，过生日穿', pseudonym: '小红', age: 7, gender: 'female', category: 'guardianship_gap', urgency: 'yellow', valueFen: 13000, town: '桃源乡', waitedDays: 6 },
  { title: '一个保温饭盒，中午在学校吃热饭', pseudonym: '小暖', age: 9, gender: 'female', category: 'low_income', urgency: 'yellow', valueFen: 8800, town: '南岭镇', waitedDays: 13 },
  { title: '学游泳的课程，夏天想学会游泳', pseudonym: '小鱼', age: 11, gender: 'male', category: 'migrant', urgency: 'yellow', valueFen: 60000, town: '白沙街道', waitedDays: 16, kind: 'service' },
  { title: '一台电子琴，想学弹《送别》', pseudonym: '小音', age: 12, gender: 'female', category: 'education', urgency: 'yellow', valueFen: 68000, town: '城关镇', waitedDays: 18 },
  { title: '一辆自行车，上学不用走一小时山路', pseudonym: '小路', age: 13, gender: 'male', category: 'low_income', urgency: 'yellow', valueFen: 56000, town: '桃源乡', waitedDays: 5 },
  { title: '理发和一次全身体检', pseudonym: '阿福', age: 14, gender: 'male', category: 'guardianship_gap', urgency: 'yellow', valueFen: 25000, town: '南岭镇', waitedDays: 8, kind: 'service' },
  { title: '近视了，想配一副眼镜', pseudonym: '小明', age: 10, gender: 'male', category: 'education', urgency: 'yellow', valueFen: 30000, town: '石桥镇', waitedDays: 4 },
  { title: '一个篮球', pseudonym: '小杰', age: 12, gender: 'male', category: 'left_behind', urgency: 'blue', valueFen: 12000, town: '城关镇', waitedDays: 20 },
  { title: '一套围棋，想和爷爷下棋', pseudonym: '小弈', age: 9, gender: 'male', category: 'left_behind', urgency: 'blue', valueFen: 9800, town: '南岭镇', waitedDays: 22 },
  { title: '一盒 36 色彩色铅笔和素描本', pseudonym: '小彩', age: 7, gender: 'female', category: 'migrant', urgency: 'blue', valueFen: 7800, town: '白沙街道', waitedDays: 19 },
  { title: '课外读物：《草房子》《城南旧事》', pseudonym: '小书', age: 11, gender: 'female', category: 'education', urgency: 'blue', valueFen: 6000, town: '桃源乡', waitedDays: 25 },
  { title: '一只毛绒小熊陪睡', pseudonym: '小贝', age: 4, gender: 'female', category: 'guardianship_gap', urgency: 'blue', valueFen: 8000, town: '石桥镇', waitedDays: 17 },
  { title: '去看一场电影，和社工姐姐一起', pseudonym: '小影', age: 10, gender: 'female', category: 'left_behind', urgency: 'blue', valueFen: 10000, town: '城关镇', waitedDays: 21, kind: 'experience' },
  { title: '一个地球仪', pseudonym: '小宇', age: 11, gender: 'male', category: 'education', urgency: 'blue', valueFen: 9500, town: '南岭镇', waitedDays: 23 },
  { title: '一套跳绳、毽子和沙包', pseudonym: '小跳', age: 8, gender: 'female', category: 'low_income', urgency: 'blue', valueFen: 5000, town: '桃源乡', waitedDays: 18 },
  { title: '回老家看看外婆的车票', pseudonym: '小归', age: 12, gender: 'male', category: 'migrant', urgency: 'blue', valueFen: 40000, town: '白沙街道', waitedDays: 26, kind: 'experience' },
  { title: '一顶遮阳帽和一个水壶', pseudonym: '小夏', age: 7, gender: 'male', category: 'low_income', urgency: 'blue', valueFen: 6800, town: '石桥镇', waitedDays: 16 },
  { title: '学做饭的小厨具，想给奶奶做饭', pseudonym: '小厨', age: 13, gender: 'female', category: 'guardianship_gap', urgency: 'blue', valueFen: 20000, town: '城关镇', waitedDays: 24 },
  { title: '一套科学实验小套装', pseudonym: '小实', age: 10, gender: 'male', category: 'education', urgency: 'blue', valueFen: 15800, town: '南岭镇', waitedDays: 20 },
  { title: '拐杖换新的防滑脚垫和护膝', pseudonym: '小坚', age: 14, gender: 'male', category: 'disability', urgency: 'blue', valueFen: 11000, town: '桃源乡', waitedDays: 15 },
  { title: '复查时吃的儿童钙片和维生素', pseudonym: '小健', age: 6, gender: 'male', category: 'illness', urgency: 'blue', valueFen: 14000, town: '白沙街道', waitedDays: 27 },
  { title: '洪水冲走了课本，需要一套新教材', pseudonym: '小川', age: 9, gender: 'male', category: 'emergency', urgency: 'orange', valueFen: 26000, town: '南岭镇', waitedDays: 1 },
  { title: '一台二手电脑，上网课用', pseudonym: '小网', age: 14, gender: 'female', category: 'education', urgency: 'yellow', valueFen: 150000, town: '城关镇', waitedDays: 10, shares: 3 },
  // Not yet public, or already taken: they must not appear in the donor feed.
  { title: '一双棉拖鞋', pseudonym: '小冬', age: 8, gender: 'female', category: 'low_income', urgency: 'blue', valueFen: 4000, town: '石桥镇', waitedDays: 0, status: 'draft' },
  { title: '一套口琴入门课', pseudonym: '小琴', age: 11, gender: 'female', category: 'education', urgency: 'yellow', valueFen: 30000, town: '石桥镇', waitedDays: 0, status: 'in_review', kind: 'service' },
  { title: '一件新毛衣', pseudonym: '小毛', age: 7, gender: 'male', category: 'left_behind', urgency: 'orange', valueFen: 15000, town: '城关镇', waitedDays: 3 },
  { title: '一套数学练习册', pseudonym: '小数', age: 10, gender: 'male', category: 'education', urgency: 'blue', valueFen: 5000, town: '南岭镇', waitedDays: 30 },
];

/** A short public story per difficulty category (no names, places or schools: the pseudonym carries it). */
export const DEMO_STORIES: Record<DifficultyCategory, string> = {
  illness: '正在治疗中，很坚强，最喜欢听故事。',
  disability: '行动不太方便，但总是笑眯眯的，喜欢画画。',
  education: '学习很用功，想把成绩再提高一点。',
  guardianship_gap: '由年迈的奶奶照顾，很懂事，常帮忙做家务。',
  left_behind: '爸爸妈妈在外地打工，平时和爷爷奶奶一起生活。',
  migrant: '跟着爸爸妈妈来到这里，正在慢慢适应新环境。',
  low_income: '家里收入不多，但孩子乐观开朗，爱运动。',
  emergency: '家里刚遭遇意外，一家人正在重新安顿生活。',
};

/** Hand-over sites of the bureau, one per town: where donors bring gifts, never a home. */
export const DEMO_SITES: { name: string; town: string; village?: string; address: string; phone: string }[] =
  [
    {
      name: '上坑村儿童之家',
      town: '石桥镇',
      village: '上坑村',
      address: '云溪县石桥镇上坑村村委会一楼',
      phone: '0599-6210001',
    },
    {
      name: '南岭镇未成年人保护工作站',
      town: '南岭镇',
      address: '云溪县南岭镇人民政府院内东楼',
      phone: '0599-6210002',
    },
    { name: '桃源乡儿童之家', town: '桃源乡', address: '云溪县桃源乡综合文化站二楼', phone: '0599-6210003' },
    { name: '城关镇社工站', town: '城关镇', address: '云溪县城关镇民政服务中心', phone: '0599-6210004' },
    {
      name: '白沙街道儿童之家',
      town: '白沙街道',
      address: '云溪县白沙街道社区服务中心',
      phone: '0599-6210005',
    },
  ];
