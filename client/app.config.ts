export default defineAppConfig({
  pages: ['pages/wishes/index', 'pages/reports/index', 'pages/me/index', 'pages/wish/index'],
  subPackages: [
    {
      root: 'caseworker',
      name: 'caseworker',
      pages: [
        'home/index',
        'files/index',
        'file/index',
        'file-edit/index',
        'wishes/index',
        'wish-edit/index',
        'incoming/index',
        'fulfilment/index',
      ],
    },
    {
      root: 'charity',
      name: 'charity',
      pages: [
        'home/index',
        'review/index',
        'review-detail/index',
        'campaigns/index',
        'dashboard/index',
        'ledger/index',
        'donation/index',
        'purchase/index',
        'reports/index',
      ],
    },
    { root: 'admin', name: 'admin', pages: ['orgs/index', 'regions/index', 'members/index', 'sites/index'] },
    {
      root: 'donor',
      name: 'donor',
      pages: [
        'confirm/index',
        'claims/index',
        'claim/index',
        'inbox/index',
        'receipts/index',
        'donate/index',
        'pay-order/index',
        'pay-orders/index',
      ],
    },
    // Public, no login: a 公示 report and a donor's receipt, with the ledger verifier (hashes, Ed25519).
    { root: 'public', name: 'public', pages: ['report/index', 'receipt/index'] },
  ],
  window: {
    navigationBarTitleText: '心愿',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f6f4f0',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#8a8178',
    selectedColor: '#d9480f',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/wishes/index',
        text: '心愿',
        iconPath: 'assets/tab/wishes.png',
        selectedIconPath: 'assets/tab/wishes-active.png',
      },
      {
        pagePath: 'pages/reports/index',
        text: '公示',
        iconPath: 'assets/tab/reports.png',
        selectedIconPath: 'assets/tab/reports-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
});
