export default definePageConfig({ navigationBarTitleText: '机构管理' });
