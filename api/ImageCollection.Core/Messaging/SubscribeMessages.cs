using ImageCollection.Core.Domain;
using ImageCollection.Core.MiniProgram;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.Messaging;

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

    /// <summary>
    /// Sends one outbox message with its template (审核结果通知: <c>result</c>, <c>reason</c>, <c>time</c>, <c>batch</c>;
    /// 订单状态通知: <c>order</c>, <c>amount</c>, <c>status</c>, <c>time</c>; 订单异常提醒: <c>order</c>, <c>problem</c>,
    /// <c>time</c>), its values mapped to the template's fields.
    /// </summary>
    public Task<SubscribeOutcome> SendAsync(StudentMessage message, CancellationToken ct)
    {
        var templates = options.Value.Templates;
        var templateId = message.Template switch
        {
            MessageTemplate.ReviewResult => templates.ReviewResult,
            MessageTemplate.OrderStatus => templates.OrderStatus,
            _ => templates.OrderException,
        };
        return SendAsync(message.Template.ToString(), templateId, message.ToUser, message.ValueMap, message.Page, ct);
    }

    /// <summary>WeChat's limits per field kind: thing 20 characters, phrase 5, character_string 32.</summary>
    public static string Fit(string key, string value)
    {
        var limit = key.StartsWith("thing", StringComparison.Ordinal) ? 20 : key.StartsWith("phrase", StringComparison.Ordinal) ? 5
            : key.StartsWith("character_string", StringComparison.Ordinal) ? 32 : 64;
        return value.Length <= limit ? value : value[..limit];
    }

    private async Task<SubscribeOutcome> SendAsync(string template, string templateId, string openId, IReadOnlyDictionary<string, string> values,
        string? page, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(templateId)) return SubscribeOutcome.NotConfigured;
        var data = values.ToDictionary(v => options.Value.FieldFor(template, v.Key), v => v.Value);
        var message = new SubscribeMessage(openId, templateId, page, data.ToDictionary(d => d.Key, d => Fit(d.Key, d.Value)));
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
