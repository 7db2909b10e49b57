export default definePageConfig({ navigationBarTitleText: '我的捐赠收据', enablePullDownRefresh: true });
