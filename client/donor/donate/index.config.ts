export default definePageConfig({ navigationBarTitleText: '在线捐款' });
