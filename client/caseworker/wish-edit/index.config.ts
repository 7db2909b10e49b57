export default definePageConfig({ navigationBarTitleText: '编辑心愿' });
