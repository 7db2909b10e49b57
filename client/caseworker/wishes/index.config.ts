export default definePageConfig({
  navigationBarTitleText: '我发布的心愿',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 120,
});
