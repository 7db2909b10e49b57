export default definePageConfig({ navigationBarTitleText: '确认认领' });
