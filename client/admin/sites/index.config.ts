export default definePageConfig({ navigationBarTitleText: '转交点管理' });
