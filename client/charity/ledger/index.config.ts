export default definePageConfig({
  navigationBarTitleText: '捐赠台账',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 120,
});
