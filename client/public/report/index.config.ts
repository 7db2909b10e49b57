export default definePageConfig({
  navigationBarTitleText: '捐赠公示',
  // Lets useShareAppMessage answer the mini-program's share menu and share button.
  enableShareAppMessage: true,
});
