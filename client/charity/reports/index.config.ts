export default definePageConfig({
  navigationBarTitleText: '公示报告',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 120,
});
