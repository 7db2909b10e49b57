export default definePageConfig({ navigationBarTitleText: '建档' });
