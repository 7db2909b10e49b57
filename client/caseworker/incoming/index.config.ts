export default definePageConfig({
  navigationBarTitleText: '礼物签收',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 120,
});
