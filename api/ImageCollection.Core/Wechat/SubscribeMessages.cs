using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.Wechat;

public enum SubscribeOutcome { Sent, NotConfigured, Refused, Failed }

/// <summary>
/// Sends subscribe messages (审核结果通知, 订单状态通知, 订单异常提醒) with the templates of
/// <c>Wechat:MiniProgram:Templates:*</c>. A user who did not subscribe (43101) is a normal outcome, logged at debug.
/// </summary>
public sealed class SubscribeMessages(IMiniProgramClient client, AccessTokenCache tokens, IOptions<WechatMiniProgramOptions> options,
    ILogger<SubscribeMessages> logger)
{
    public const int UserRefused = 43101;
    private const int TokenInvalid = 40001, TokenExpired = 42001;

    public Task<SubscribeOutcome> ReviewResultAsync(string openId, IReadOnlyDictionary<string, string> data, string? page, CancellationToken ct) =>
        SendAsync(options.Value.Templates.ReviewResult, openId, data, page, ct);

    public Task<SubscribeOutcome> OrderStatusAsync(string openId, IReadOnlyDictionary<string, string> data, string? page, CancellationToken ct) =>
        SendAsync(options.Value.Templates.OrderStatus, openId, data, page, ct);

    public Task<SubscribeOutcome> OrderExceptionAsync(string openId, IReadOnlyDictionary<string, string> data, string? page, CancellationToken ct) =>
        SendAsync(options.Value.Templates.OrderException, openId, data, page, ct);

    private async Task<SubscribeOutcome> SendAsync(string templateId, string openId, IReadOnlyDictionary<string, string> data, string? page, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(templateId)) return SubscribeOutcome.NotConfigured;
        var message = new SubscribeMessage(openId, templateId, page, data);
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.GetAsync(client, ct);
            var code = await client.SendSubscribeMessageAsync(token, message, ct);
            switch (code)
            {
                case 0:
                    return SubscribeOutcome.Sent;
                case UserRefused:
                    logger.LogDebug("Subscribe message {Template} not sent: the user has not subscribed (43101)", templateId);
                    return SubscribeOutcome.Refused;
                case TokenInvalid or TokenExpired when attempt == 0:
                    tokens.Invalidate(token);
                    continue;
                default:
                    logger.LogWarning("Subscribe message {Template} failed with errcode {Code}", templateId, code);
                    return SubscribeOutcome.Failed;
            }
        }
    }
}
