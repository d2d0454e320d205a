/**
 * What a refusal of the API means, in Chinese, by the problem's stable `code`. The API's own title and detail (English,
 * with the figures of the case) are shown beneath it. A test (ProblemTextTests) holds this list to every code the API
 * refuses with, so a new code without a text here fails the suite.
 */
export const problemTexts: Record<string, string> = {
  // Refusals by HTTP status, when a rule gives no code of its own.
  'request.invalid': '请求格式不正确。',
  'auth.required': '登录已失效，请重新登录。',
  'auth.forbidden': '您的角色无权进行此操作。',
  not_found: '未找到所请求的记录（可能已被删除，或编号有误）。',
  method_not_allowed: '不支持此操作。',
  conflict: '操作与当前状态冲突，请刷新后重试。',
  'request.too_large': '提交的内容过大。',
  'request.unsupported_media_type': '文件类型不受支持。',
  'request.unprocessable': '提交的内容无法处理。',
  rate_limited: '操作过于频繁，请稍后再试。',
  'service.unavailable': '服务暂时不可用，请稍后再试。',
  internal: '服务器内部错误，请稍后再试；如仍出现请联系技术支持。',
  error: '操作未成功。',
  'validation.failed': '有字段填写不正确，请检查后重新提交。',
  'request.invalid_value': '有字段的值无法保存，请检查后重新提交。',
  'request.cancelled': '请求已取消。',
  'concurrency.conflict': '记录刚被他人修改，请刷新后重试。',
  'conflict.duplicate': '相同的修改刚由另一请求完成，请刷新查看。',
  'database.unavailable': '数据库暂时不可用，请稍后再试。',
  'storage.unavailable': '照片存储暂时不可用，请稍后再试。',
  'console.not_built': '控制台尚未构建。',

  // Login
  'auth.blocked': '微信拒绝了此账号的登录。',
  'auth.code_used': '登录码已被使用，请重新登录。',
  'auth.invalid_code': '登录码无效或已过期，请重新登录。',
  'auth.invalid_credentials': '用户名或密码错误。',
  'auth.login_backoff': '此账号密码错误次数过多，请稍候再试。',
  'auth.rate_limited': '登录过于频繁，请一分钟后再试。',

  // Schools, staff and batches
  'school.code_taken': '已有学校使用此学校代码。',
  'staff.user_name_taken': '此用户名已被占用。',
  'batch.closed': '此批次已结束。',
  'batch.concurrent_change': '批次刚被同时修改，请刷新后重试。',
  'batch.feature_code_taken': '已有批次使用此特征码（不区分大小写）。',
  'batch.fee_locked': '已有人缴费，收费金额和付款方不能再修改。',
  'batch.invalid_transition': '批次当前状态不允许此操作。',
  'batch.not_found': '没有批次使用此特征码。',
  'batch.not_onsite': '只有现场批次，以及在影楼进行的补采或散客批次才有采集场次。',
  'batch.payment_closed': '此批次已停止缴费。',
  'batch.payment_not_open': '此批次尚未开始缴费。',
  'batch.studio_not_allowed': '只有补采和散客批次可以在影楼进行。',
  'batch.not_yet_open': '此批次尚未开始。',
  'batch.group_collection_open': '本校正在进行集中采集，请选择集中采集批次。',

  // Enrollments
  'collection_code.busy': '正在识别的截图过多，请稍后再试。',
  'collection_code.unreadable': '无法从图片中识别采集码，请上传学信网保存的采集码图片。',
  'collection_code.invalid': '采集码无效。',
  'enrollment.already_paid': '此报名已缴费，请重新扫码。',
  'enrollment.conflict': '该学生已在其他批次报名；线上与现场采集只能选一种。',
  'enrollment.exists': '已在此批次报名。',
  'enrollment.has_photo': '此报名已拍摄或正在处理照片，不能撤销。',
  'enrollment.identity_in_use': '此身份信息已由另一个微信账号报名。',
  'enrollment.invalid_transition': '报名当前状态不允许此操作。',
  'enrollment.not_active': '此报名已失效。',
  'enrollment.not_registered': '学信网显示该学生无学籍注册信息，不能采集。',
  'enrollment.paid': '此报名已缴费，请申请退款而不是撤销。',
  'enrollment.wrong_school': '此采集码属于其他学校。',
  'enrollment.wrong_graduation_year': '此采集码的毕业年份与批次不符。',

  // Collection day (stations)
  'onsite.already_captured': '该学生的照片已拍摄并审核通过。',
  'onsite.ambiguous': '此批次有多个报名使用该学号，请扫描采集码。',
  'onsite.batch_not_open': '此场次所属批次不是进行中的现场或影楼批次。',
  'onsite.consent_required': '该学生尚未报名：请出示采集协议，询问身份证号后4位后重新扫码。',
  'onsite.locked': '此照片已审核通过并锁定，不能重拍。',
  'onsite.no_session': '没有此采集场次。',
  'onsite.not_assigned': '您未被分配到此场次的这个机位。',
  'onsite.not_enrolled': '此批次没有使用该学号的报名，请扫描采集码。',
  'onsite.session_not_open': '此场次未开放。',
  'onsite.unpaid': '该学生尚未缴费：请出示本机位的微信支付二维码。',
  'onsite.wrong_batch': '该学生报名的是本校同届的另一批次。',

  // Orders, payments, refunds
  'order.address_required': '此批次的纸质照片需要邮寄：请先填写收件信息再支付。',
  'order.idempotency_key_reused': '此幂等键已用于另一报名。',
  'order.invalid_transition': '订单当前状态不允许此操作。',
  'order.not_payable': '此订单已不能支付。',
  'order.paying_at_station': '此报名在采集点有一个未过期的付款码：请在采集点支付，或等它过期后再试。',
  'order.pending': '此报名有一个待支付订单：请支付它，或等它过期后再下单。',
  'order.school_paid': '此批次由学校统一付费，采集点无需收款。',
  'order.already_collected': '该学生已在其他批次缴费或采集成功。',
  'order.confirm_warnings': '下单前须确认提示信息。',
  'payment_exception.resolved': '此支付异常已处理。',
  'reconciliation.finished': '此对账已完成。',
  'refund.exceeds_paid': '退款金额超过此订单可退金额。',
  'refund.invalid_transition': '退款当前状态不允许此操作。',
  'refund.not_paid': '没有可退的付款。',
  'refund.order_not_paid': '只有已支付的订单可以退款。',
  'refund.photo_exists': '已拍摄照片或照片正在审核，此报名不能退款。',
  'refund.school_paid': '此报名由学校付费，退款请联系学校。',
  'refund.window_closed': '此批次的退款期限已过。',
  'wechat.unavailable': '微信暂时繁忙，请稍后再试。',
  'wechat_pay.unavailable': '微信支付未响应，请稍后再试。',
  'wechat_pay.refused': '微信支付拒绝了此请求。',
  'school_payment.already_paid': '所选报名中有已缴费的。',
  'school_payment.duplicate_reference': '此批次已记录过使用该凭证号的付款。',
  'statement.overpaid': '付款金额超过此行的应付金额。',
  'bulk_job.invalid_transition': '批量任务当前状态不允许此操作。',
  'bulk_refund.not_paused': '只有已暂停的批量退款可以继续。',
  'bulk_refund.not_running': '只有进行中或排队中的批量退款可以暂停。',
  'bulk_refund.preview_expired': '预览已过期，请重新预览。',
  'bulk_refund.preview_stale': '预览后付款、退款或照片有变化，请重新预览并核对。',
  'bulk_refund.preview_used': '此预览已启动过批量退款。',
  'bulk_refund.too_early': '批量退款须在采集期结束后开始。',

  // Photos and review
  'photo.claimed': '另一位审核员刚刚领取了这张照片。',
  'photo.collection_closed': '此批次的采集期已结束。',
  'photo.collection_not_open': '此批次的采集期尚未开始。',
  'photo.delivered': '此照片已交付学信网，已锁定。',
  'photo.enrollment_refunded': '此报名已退款或撤销，照片不能通过。',
  'photo.in_progress': '已有照片正在检测、待审核或已通过。',
  'photo.invalid_transition': '照片当前状态不允许此操作。',
  'photo.limit_reached': '已达到此批次每人可提交的照片数。',
  'photo.locked': '已通过的照片已锁定，不能撤回。',
  'photo.not_an_image': '文件不是图片，请上传JPG照片。',
  'photo.not_approved': '只有已通过的照片才会出现学信网比对不通过。',
  'photo.not_claimed': '请先领取照片再审核（领取可能已过期）。',
  'photo.not_jpeg': '照片须为JPG格式。',
  'photo.not_paid': '请先缴费再上传照片。',
  'photo.not_pending_review': '此照片不在待审核状态。',
  'photo.onsite': '现场拍摄的照片不能撤回。',
  'photo.onsite_batch': '这是现场采集批次，请到采集点拍摄。',
  'photo.resubmission_closed': '驳回后的重新提交期限已过。',
  'photo.resubmitted_rejected': '这张图片与已驳回的照片相同，请重新拍摄。',
  'photo.reviewed': '此照片已审核或检测未通过，不能替换。',
  'photo.too_large': '照片文件过大。',
  'photo.too_many_pixels': '图片像素过多，不像是证件照。',
  'photo.too_small': '照片尺寸过小。',
  'photo.truncated': '照片文件不完整，请重新上传。',
  'photo.unreadable': '照片文件已损坏或不是照片。',

  // Delivery, rosters and files
  'chsi_results.concurrent': '导入时本批次的照片一直在变化，请重新上传文件。',
  'chsi_results.invalid': '文件中有行不正确，未做任何导入：请改正后重新上传整个文件。',
  'delivery.concurrent': '此批次的照片刚被同时修改，请重试。',
  'delivery.invalid_transition': '照片的交付状态不允许此操作。',
  'delivery.not_deliverable': '只有已通过且未交付的照片才能放入学信网交付包。',
  'delivery.nothing_to_deliver': '此批次没有等待交付学信网的已通过照片。',
  'package.invalid_transition': '交付包当前状态不允许此操作。',
  'package.not_ready': '只有已生成完成的交付包才能标记为已交付。',
  'roster.invalid': '文件中有问题，未做任何导入：请改正后重新上传整个文件。',
  'table.too_large': '文件过大。',
  'table.too_long': '文件行数过多。',
  'table.unreadable': '无法读取此文件。',
  'table.unsupported_type': '请上传CSV或xlsx文件。',
  'tracking.concurrent': '此印制批次的包裹刚被同时修改，请重新上传文件。',
  'tracking.invalid': '文件中有问题，未做任何导入：请改正后重新上传整个文件。',

  // Prints and parcels
  'parcel.already_shipped': '此包裹已发货。',
  'parcel.concurrent': '此包裹刚被同时修改，请刷新。',
  'parcel.invalid_transition': '包裹当前状态不允许此操作。',
  'parcel.not_class_pack': '邮寄包裹由快递发出，不做交接。',
  'parcel.not_posted': '班级包裹交给学校，不走快递。',
  'prints.address_locked': '照片已进入印制或已发货，收件地址不能再修改。',
  'prints.already_in_run': '这些冲印已在一个印制批次中。',
  'prints.concurrent': '此批次的冲印刚被同时修改，请重试。',
  'prints.locked': '此批次已有印制批次完成印制，冲印条款不能再修改。',
  'prints.no_approved_photo': '加印须在照片审核通过后下单。',
  'prints.no_reprints': '此批次不提供加印。',
  'prints.not_sold': '此批次不出售纸质照片：请先设置冲印条款。',
  'prints.nothing_to_print': '没有待印制的照片。',
  'prints.nothing_to_ship': '此印制批次没有等待快递的邮寄包裹。',
  'prints.run_in_progress': '此批次有印制批次仍在生成，请等待完成。',
};

/** The Chinese text of a problem: by its code, else by its HTTP status. */
export function problemSummary(code: string | undefined, status: number | null | undefined): string | undefined {
  if (code && problemTexts[code]) return problemTexts[code];
  if (!status) return undefined;
  if (status === 400) return problemTexts['request.invalid'];
  if (status === 401) return problemTexts['auth.required'];
  if (status === 403) return problemTexts['auth.forbidden'];
  if (status === 404) return problemTexts.not_found;
  if (status === 409) return problemTexts.conflict;
  if (status === 422) return problemTexts['request.unprocessable'];
  if (status === 429) return problemTexts.rate_limited;
  if (status >= 500) return problemTexts.internal;
  return undefined;
}
