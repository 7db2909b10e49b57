export default definePageConfig({ navigationBarTitleText: '认领详情', enablePullDownRefresh: true });
