export default definePageConfig({ navigationBarTitleText: '地区管理' });
