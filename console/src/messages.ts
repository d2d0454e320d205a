/** Every text of the console, in Chinese, in one place. */
export const t = {
  app: { title: '毕业照采集工作台', logout: '退出登录', loading: '加载中…', hangfire: '后台任务面板' },
  login: {
    title: '工作人员登录', userName: '用户名', password: '密码', submit: '登录', required: '请输入用户名和密码',
  },
  refused: {
    title: '无权访问此页面',
    detail: '您的账号角色无权打开此页面。如需使用，请联系管理员分配相应角色。',
    back: '返回首页',
  },
  notFound: '页面不存在',
  problem: { title: '操作未成功', network: '网络错误', close: '关闭' },
  menu: {
    orders: '订单查询', paymentExceptions: '支付异常', reconciliation: '对账', bulkRefunds: '批量退款',
    review: '照片审核', progress: '采集进度', roster: '名单上传', missing: '未完成名单', exports: '导出照片包',
    statements: '结算单', prints: '纸质照片', station: '拍摄工位', schools: '学校', batches: '批次', users: '工作人员', audit: '审计日志',
    groups: { support: '客服', review: '审核', schools: '学校', stations: '现场拍摄', admin: '管理' },
  },
  common: {
    search: '查询', reset: '重置', submit: '提交', cancel: '取消', confirm: '确定', refresh: '刷新', batch: '批次', school: '学校',
    none: '暂无数据', actions: '操作', status: '状态', createdAt: '创建时间', download: '下载', start: '开始', detail: '详情',
    progress: '进度', choose: '请选择',
  },
  orders: {
    searchBy: '查询方式', outTradeNo: '订单号', transactionId: '微信支付单号', studentNumber: '学号', phone: '手机号',
    amount: '金额', refunded: '已退款', refundable: '可退款', paidAt: '支付时间', history: '订单记录', refunds: '退款记录',
    refund: '退款', refundAmount: '退款金额（元）', refundReason: '退款原因', full: '全额', partial: '部分',
    refundDone: '退款已提交', noResult: '没有找到订单', student: '报名信息（已脱敏）', order: '订单', reason: '原因', actor: '操作方',
    actors: { student: '学生', staff: '工作人员', system: '系统' },
    /** The service's own reasons in the history (Order/Refund transitions); a reason typed by staff is shown as it is. */
    reasons: {
      created: '下单', paid: '支付成功', 'paid after close': '关单后支付', 'refund succeeded': '退款成功', expired: '超时关闭',
      'prepay refused': '下单被微信拒绝', 'paying at a station instead': '改为现场扫码支付', 'refused by WeChat': '微信拒绝退款',
    } as Record<string, string>,
  },
  exceptions: {
    kind: '类型', detail: '说明', resolution: '处理说明', resolve: '标记已处理', open: '待处理', resolved: '已处理',
    resolvedDone: '已标记为处理完成',
  },
  reconciliation: {
    billDate: '账单日期', run: '立即对账', started: '对账任务已提交，完成后在对账记录中查看差异',
    differences: '对账差异', runs: '对账记录', requestedBy: '发起方', requestedAt: '发起时间', finishedAt: '完成时间',
    billRows: '账单行数', billPayments: '账单支付', ourPayments: '本方支付', differenceCount: '差异', show: '查看差异',
    running: '对账进行中…', noDifferences: '无差异', exception: '支付异常',
  },
  bulk: {
    reason: '退款原因', preview: '预览', start: '开始退款', resume: '继续', paused: '已暂停', count: '人数', total: '总金额',
    lookup: '查看进度', id: '任务编号', pause: '暂停', list: '本批次的批量退款', pending: '待退', pausedReason: '暂停原因',
  },
  review: {
    queue: '待审核', empty: '队列已清空', claim: '领取', approve: '通过 (A)', reject: '驳回 (R)', next: '下一张 (N)',
    reasons: '驳回原因（数字键选择）', note: '备注', keys: '快捷键：A 通过 · R 驳回 · 1-9 选择原因 · N 下一张',
    approved: '已通过', rejected: '已驳回', needReason: '请先选择至少一个驳回原因', checks: '检测结果', failed: '未通过',
    flagged: '需人工确认', eyeLine: '眼睛线', headTop: '头顶线', faceWidth: '人脸框', background: '背景取样区', claimedByOther: '他人处理中',
    student: '学生', submission: '第 {n} 次提交', claimedUntil: '已领取至',
  },
  schools: {
    department: '院系', className: '班级', expected: '名单人数', enrolled: '报名', paid: '已付款', photographed: '已拍摄',
    approved: '已通过', delivered: '已交付', missing: '未完成', percent: '通过率', uploadRoster: '上传名单（CSV/xlsx）',
    rosterDone: '名单已导入', rows: '行', rowErrors: '行错误', state: '状态', exportStart: '生成照片包', folders: '按院系/班级分文件夹',
    statement: '结算单', due: '待付', fee: '单价', totalFen: '合计', paidFen: '已付',
  },
  prints: {
    terms: '冲印设置', none: '该批次尚未设置纸质照片', layout: '版式', copies: '每人张数', caption: '照片下方文字',
    captionHint: '可用：{studentNumber} 学号、{name} 姓名、{class} 班级、{department} 院系；留空为“学号 姓名”',
    delivery: '交付方式', reprintFee: '加洗单价（元/张，0 为不开放加洗）', reprintFeeShort: '加洗单价', save: '保存设置', saved: '冲印设置已保存',
    stop: '停止销售纸质照片', stopped: '已停止销售纸质照片', perSheet: '每版 {n} 张', size: '尺寸',
    runs: '冲印任务', start: '开始冲印', started: '冲印任务已提交', students: '学生', sheets: '张数（版）', parcels: '包裹',
    withoutAddress: '无收件地址（等待下次冲印）', parcelsOf: '包裹（收件信息已脱敏）', reference: '包裹号', kind: '类型',
    recipient: '收件人', phone: '电话', region: '地区', contents: '内容', courier: '快递公司', tracking: '快递单号',
    packed: '已打包', shipped: '已发货', handedOver: '已交付学校', handOver: '已交付学校', handedDone: '已标记交付学校',
    courierExport: '导出快递下单表（xlsx，含完整地址，操作将被审计）', trackingImport: '导入快递单号（CSV/xlsx：订单号, 快递公司, 快递单号）',
    deliveryText: { school: '随学校交付（按院系/班级打包）', post: '邮寄至本人' },
    trackingDone: '快递单号已导入', view: '查看包裹', completed: '完成报名',
  },
  station: {
    session: '拍摄场次', station: '工位', scan: '扫码（采集码或学号，回车确认）', shot: '拍摄号', capture: '上传照片',
    retake: '重拍', verdict: '检测结果', waiting: '检测中…', passed: '检测通过', rejected: '检测未通过', needsReview: '待人工审核',
    none: '今天没有分配给您的拍摄场次',
  },
  admin: {
    name: '名称', code: '代码', region: '地区代码', category: '类别', newSchool: '新建学校', newBatch: '新建批次', type: '采集方式',
    fee: '费用（元）', payer: '付款方', opens: '开始', closes: '结束', year: '毕业年份', population: '人群', featureCode: '特征码',
    userName: '用户名', displayName: '姓名', roles: '角色', schoolCodes: '学校代码', active: '启用', newUser: '新建账号',
    password: '初始密码', entityType: '对象类型', entityId: '对象编号', actorId: '操作人', action: '操作', at: '时间',
    open: '开放', close: '关闭', sessions: '场次', assignments: '工位分配', photographer: '摄影师', assign: '分配', unassign: '取消',
    noAssignments: '未分配：所有摄影师均可使用该场次', created: '已创建', location: '地点', stations: '工位数', addSession: '添加场次',
  },
} as const;

export const statusText: Record<string, string> = {
  pending_payment: '待支付', paid: '已支付', closed: '已关闭', partially_refunded: '部分退款', refunded: '已退款',
  requested: '已申请', processing: '处理中', succeeded: '成功', abnormal: '异常',
  queued: '排队中', running: '进行中', paused: '已暂停', completed: '已完成', failed: '失败',
  draft: '草稿', open: '开放', resolved: '已处理',
  uploaded: '已上传', checking: '检测中', check_failed: '检测未通过', pending_review: '待审核', approved: '已通过', rejected: '已驳回',
  withdrawn: '已撤回', passed: '检测通过', needs_review: '待人工审核',
  not_enrolled: '未报名', enrolled: '已报名', in_review: '审核中', delivered: '已交付', active: '有效',
  mismatch: '金额不符', paid_after_close: '关单后支付', duplicate_payment: '重复支付', refund_abnormal: '退款异常',
  missed_payment: '漏单', unknown_to_wechat: '微信无此单', insufficient_balance: '余额不足',
  onsite: '现场', online: '线上', walk_in: '到店', make_up: '补拍', student: '学生', school: '学校',
  packed: '已打包', shipped: '已发货', handed_over: '已交付学校', post: '邮寄', class_pack: '班级包',
  two_inch: '2寸（35×49 mm）', one_inch: '1寸（25×35 mm）', small_two_inch: '小2寸（33×48 mm）',
  admin: '管理员', support: '客服', reviewer: '审核员', photographer: '摄影师',
};

export const label = (value: string | null | undefined) => (value ? (statusText[value] ?? value) : '—');
