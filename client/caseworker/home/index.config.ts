export default definePageConfig({ navigationBarTitleText: '社工工作台' });
