export default definePageConfig({
  navigationBarTitleText: '机构看板',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
