export default definePageConfig({
  navigationBarTitleText: '孩子档案',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 120,
});
