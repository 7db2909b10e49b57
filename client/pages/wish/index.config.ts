export default definePageConfig({
  navigationBarTitleText: '心愿详情',
  // Lets useShareAppMessage answer the mini-program's share menu and share button.
  enableShareAppMessage: true,
});
