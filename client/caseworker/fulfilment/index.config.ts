export default definePageConfig({
  navigationBarTitleText: '心愿兑现',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
