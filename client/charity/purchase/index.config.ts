export default definePageConfig({ navigationBarTitleText: '登记采购' });
