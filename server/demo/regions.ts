/**
 * The demo region tree: a fictional county, its towns and villages. Names are invented;
 * the shape (county → town/street → village/community) is the real one.
 */
export const DEMO_COUNTY = '云溪县';

export const DEMO_TOWNS: Record<string, string[]> = {
  城关镇: ['东门社区', '西街社区', '南桥村'],
  石桥镇: ['石桥村', '上坑村', '溪头村'],
  桃源乡: ['桃源村', '山腰村'],
  南岭镇: ['南岭村', '竹坪村', '坑内村'],
  白沙街道: ['白沙社区', '海滨社区'],
};
