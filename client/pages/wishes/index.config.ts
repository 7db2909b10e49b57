export default definePageConfig({
  navigationBarTitleText: '心愿',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 120,
});
