export default definePageConfig({ navigationBarTitleText: '捐赠收据' });
