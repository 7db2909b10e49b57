export default definePageConfig({ navigationBarTitleText: '我的在线捐款', enablePullDownRefresh: true });
