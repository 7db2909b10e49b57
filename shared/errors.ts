import * as z from 'zod/mini';

/**
 * Every error the API can answer with. The code is stable (clients and tests match on it);
 * the message is for the person in front of the screen, in the app's language.
 * HTTP status lives here and nowhere else.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容不符合要求，请按提示修改后重试' },
  MALFORMED_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  INVALID_CURSOR: { status: 400, message: '翻页位置已失效，请下拉刷新后重新加载' },
  BAD_REQUEST: { status: 400, message: '请求无法处理，请检查后重试' },
  INVALID_PHONE: { status: 400, message: '请输入正确的 11 位手机号' },
  SMS_CODE_INVALID: { status: 400, message: '验证码不对，请核对短信后重新输入' },
  SMS_CODE_EXPIRED: { status: 400, message: '验证码已过期或已使用，请重新获取' },
  WECHAT_CODE_INVALID: { status: 400, message: '微信登录凭证无效或已使用，请重新点击登录' },
  AUTH_REQUIRED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  FORBIDDEN: { status: 403, message: '没有权限进行这个操作' },
  USER_DISABLED: { status: 403, message: '账号已停用，如有疑问请联系所在机构' },
  NOT_A_MEMBER: { status: 403, message: '你不是这个机构的成员' },
  ROUTE_NOT_FOUND: { status: 404, message: '没有这个接口，请确认地址是否正确' },
  PERSONA_NOT_FOUND: { status: 404, message: '没有这个演示身份，请重新选择' },
  ORG_NOT_FOUND: { status: 404, message: '没有找到这个机构' },
  REGION_NOT_FOUND: { status: 404, message: '没有找到这个地区' },
  MEMBER_NOT_FOUND: { status: 404, message: '没有找到这个成员' },
  USER_NOT_FOUND: { status: 404, message: '没有找到这个用户' },
  MEMBER_EXISTS: { status: 409, message: '这个人已经是该机构的这个角色了' },
  REGION_OUTSIDE_ORG: { status: 422, message: '成员负责的地区必须在机构的服务地区之内' },
  REGION_TOO_DEEP: { status: 422, message: '村（社区）下面不能再添加地区' },
  CANNOT_DISABLE_SELF: { status: 422, message: '不能停用自己的账号或管理员角色，请让另一位管理员操作' },
  WISH_NOT_FOUND: { status: 404, message: '没有找到这个心愿，它可能已被认领或下架' },
  BENEFICIARY_NOT_FOUND: { status: 404, message: '没有找到这份档案，或你没有查看它的权限' },
  HANDOVER_SITE_NOT_FOUND: { status: 404, message: '没有找到这个转交点，请重新选择' },
  CAMPAIGN_NOT_FOUND: { status: 404, message: '没有找到这个活动，请重新选择' },
  NO_CURRENT_ORG: { status: 403, message: '你还不是任何机构的工作人员，请联系机构管理员' },
  EDIT_CONFLICT: { status: 409, message: '这份内容刚刚被别人修改过，请刷新后再改' },
  REGION_OUTSIDE_SCOPE: { status: 422, message: '只能选择你负责的地区' },
  BIRTH_DATE_MISMATCH: { status: 422, message: '出生日期和出生年份不一致，请核对' },
  WISH_NOT_EDITABLE: { status: 422, message: '只有草稿和退回修改的心愿可以编辑' },
  WISH_TRANSITION_REFUSED: { status: 422, message: '心愿当前的状态不能进行这个操作，请刷新后查看' },
  WISH_HAS_CLAIMS: {
    status: 422,
    message: '已有爱心人士认领了这个心愿，不能撤销；等认领人退出或认领超时释放后再撤销',
  },
  CONSENT_DATE_INVALID: { status: 422, message: '同意日期不能晚于今天，请核对监护人签字的日期' },
  CONSENT_REQUIRED: { status: 422, message: '这份档案还没有监护人同意记录，登记同意后才能提交和发布' },
  PRIVACY_FINDINGS: { status: 422, message: '公开内容里有可能暴露孩子身份的信息，请按标出的位置修改' },
  CONTENT_RISKY: { status: 422, message: '内容没有通过微信内容安全检测，请修改措辞后再提交' },
  SHARES_UNEVEN: { status: 422, message: '预估金额不能平均分成这么多份，请调整金额或份数' },
  CAMPAIGN_ENDED: { status: 422, message: '这个活动已经结束，不能再加入心愿' },
  CAMPAIGN_DATES_INVALID: { status: 422, message: '活动的结束日期不能早于开始日期' },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    message: '请求缺少防重复提交的编号（Idempotency-Key），请更新应用后重试',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    message: '防重复提交的编号格式不对：应为 8–100 个字母、数字或 - _ . :',
  },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '这个防重复提交的编号已用于另一次不同的提交，请重新操作' },
  CLAIM_NOT_FOUND: { status: 404, message: '没有找到这个认领，或你没有查看它的权限' },
  WISH_ALREADY_CLAIMED: { status: 409, message: '这个心愿刚刚被别的爱心人士认领了，看看其他心愿吧' },
  NO_SHARES_LEFT: { status: 409, message: '这个心愿剩下的份数不够了，请刷新后看看还剩几份' },
  ALREADY_CLAIMED_BY_YOU: { status: 409, message: '你已经认领了这个心愿，可以在“我的认领”里查看进度' },
  WISH_NOT_CLAIMABLE: { status: 422, message: '这个心愿现在不能认领（可能已下架、已过期或还在审核）' },
  CLAIM_LIMIT_REACHED: { status: 422, message: '你进行中的认领已经达到上限，请先完成或退出一个，再认领新的' },
  CLAIM_STEP_REFUSED: { status: 422, message: '认领当前的进度不能进行这一步，请刷新后查看' },
  HANDOVER_NOT_READY: { status: 422, message: '还有份额没有认领或礼物没有签收，全部签收后才能转交' },
  MEDIA_NOT_FOUND: { status: 404, message: '没有找到这张照片，它可能已被删除' },
  MEDIA_NOT_USABLE: {
    status: 422,
    message: '这张照片不能用在这里（不是你上传的、用途不对或已经用过），请重新上传',
  },
  MEDIA_LINK_INVALID: { status: 403, message: '照片链接已过期，请刷新页面后再看' },
  MEDIA_EMPTY: { status: 400, message: '上传的文件是空的，请重新选择照片' },
  MEDIA_TOO_MANY_FILES: { status: 400, message: '一次只能上传一张照片' },
  MEDIA_FIELD_MISSING: { status: 400, message: '请选择要上传的照片，并说明它的用途' },
  MEDIA_TYPE_UNSUPPORTED: { status: 415, message: '只能上传 JPG、PNG、WebP 或 HEIC 格式的照片' },
  MEDIA_TOO_LARGE: { status: 413, message: '照片太大了（最大 10 MB），请压缩后再传' },
  MEDIA_TOO_MANY_PIXELS: { status: 422, message: '照片尺寸太大，请换一张或截图后再传' },
  MEDIA_UNREADABLE: { status: 422, message: '照片无法读取，可能已经损坏，请换一张' },
  LEDGER_TX_NOT_FOUND: { status: 404, message: '没有找到这笔账目，或你没有查看它的权限' },
  RECEIPT_NOT_FOUND: { status: 404, message: '没有找到这张捐赠收据，请核对链接是否完整' },
  REPORT_NOT_FOUND: { status: 404, message: '没有找到这份公示，它可能还没有发布' },
  REPORT_PERIOD_INVALID: {
    status: 422,
    message: '这个期间还没有开始，不能生成公示，请选择已经开始的月份、季度或活动',
  },
  REPORT_ALREADY_PUBLISHED: { status: 409, message: '这个期间的公示已经发布，发布后不能修改或重新生成' },
  REPORT_OUTDATED: {
    status: 409,
    message: '已经发布了一份依据更新账本的公示，这份草稿已过时，请重新生成草稿后再发布',
  },
  REPORT_PDF_UNAVAILABLE: {
    status: 503,
    message: 'PDF 暂时无法生成（服务器缺少中文字体），请先导出 Excel 或 CSV',
  },
  RECEIPT_NO_TAKEN: { status: 409, message: '这个票据号今年已经用过了，请核对票据号' },
  ALREADY_REVERSED: { status: 409, message: '这笔账目已经冲正过了，不能再冲正' },
  REVERSAL_NOT_REVERSIBLE: { status: 422, message: '冲正记录本身不能再冲正；如需更正，请重新录入正确的账目' },
  DONATION_REFUNDED: {
    status: 422,
    message: '这笔捐赠已经有退款，不能直接冲正；请先冲正退款记录，再冲正这笔捐赠',
  },
  FUND_INSUFFICIENT: { status: 422, message: '这笔资金的余额不够，不能支出这么多，请核对金额或换一笔资金' },
  REFUND_TOO_LARGE: { status: 422, message: '退款金额超过了这笔捐赠还可退的金额' },
  NOT_A_DONATION: { status: 422, message: '只有资金捐赠可以退款' },
  WISH_NOT_PURCHASABLE: { status: 422, message: '只能为已发布、已认领或兑现中的心愿采购' },
  LEDGER_DATE_INVALID: { status: 422, message: '日期不能晚于今天，请核对到账或付款日期' },
  PAY_ORDER_NOT_FOUND: { status: 404, message: '没有找到这笔捐款订单，或它不是你的' },
  PAY_ORDER_CLOSED: { status: 409, message: '这笔订单已经关闭（超时未支付），请重新下单' },
  CAMPAIGN_NOT_ACTIVE: { status: 422, message: '这个活动现在不在进行中，不能在线捐款，请选择进行中的活动' },
  GIFT_CLAIM_HELD: {
    status: 409,
    message: '你已经认领了这个心愿、准备送礼物，不能再为它在线捐款；想改为捐款，请先退出认领',
  },
  PAY_OPENID_MISSING: {
    status: 422,
    message: '微信内支付需要用微信登录：请在微信里打开并用微信登录，或在浏览器中选择 H5 支付',
  },
  PAY_ORDER_REFUSED: { status: 422, message: '微信支付没有受理这笔订单，请稍后重新下单' },
  NOT_AN_ONLINE_DONATION: {
    status: 422,
    message: '这笔账目不是在线支付的捐赠：银行或现金捐赠的退款请用“退款”登记',
  },
  DONATION_PAID_ONLINE: {
    status: 422,
    message: '这笔捐赠是微信支付的，请用“原路退款（微信支付）”退回捐赠人的微信',
  },
  PAY_NOT_CONFIGURED: { status: 503, message: '在线捐款暂未开通，请通过银行转账捐款或联系机构' },
  PAY_UNAVAILABLE: { status: 503, message: '微信支付暂时连接不上，请稍后再试（不会重复扣款）' },
  CHECKPOINT_NOT_FOUND: { status: 404, message: '还没有这个大小的账本快照' },
  PROOF_RANGE_INVALID: { status: 400, message: '证明的范围不对：序号必须小于账本大小，且不超过最新快照' },
  WECHAT_SIGNATURE_INVALID: { status: 401, message: '消息签名校验失败' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容太大了，请精简后重试' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求格式不受支持，请以 JSON 提交' },
  RATE_LIMITED: { status: 429, message: '操作太频繁了，请稍后再试' },
  SMS_TOO_FREQUENT: { status: 429, message: '验证码发送太频繁，请 60 秒后再试' },
  SMS_TOO_MANY_ATTEMPTS: { status: 429, message: '验证码输错次数太多，请重新获取' },
  INTERNAL_ERROR: { status: 500, message: '服务器出了点问题，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务正忙或正在维护，请稍后再试' },
  LOGIN_PROVIDER_UNAVAILABLE: { status: 503, message: '登录服务暂时不可用，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** One field that failed validation: where it is, and what is wrong with it. */
export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;
