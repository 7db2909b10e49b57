export default definePageConfig({
  navigationBarTitleText: '心愿审核',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 120,
});
