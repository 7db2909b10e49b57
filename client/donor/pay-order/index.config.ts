export default definePageConfig({ navigationBarTitleText: '捐款详情' });
