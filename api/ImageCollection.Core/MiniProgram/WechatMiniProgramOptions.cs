using System.ComponentModel.DataAnnotations;

namespace ImageCollection.Core.MiniProgram;

/// <summary>Section <c>Wechat:MiniProgram</c>. The AppId is also the pay AppId (configured once).</summary>
public sealed class WechatMiniProgramOptions
{
    public const string Section = "Wechat:MiniProgram";

    [Required(ErrorMessage = "Wechat:MiniProgram:AppId is required (the mini-program's appid, wx…).")]
    public string AppId { get; set; } = "";

    [Required(ErrorMessage = "Wechat:MiniProgram:Secret is required (the mini-program's AppSecret).")]
    public string Secret { get; set; } = "";

    /// <summary>https://api.weixin.qq.com in production; the emulator's URL locally.</summary>
    [Required(ErrorMessage = "Wechat:MiniProgram:BaseUrl is required (https://api.weixin.qq.com in production).")]
    [Url(ErrorMessage = "Wechat:MiniProgram:BaseUrl must be an absolute URL.")]
    public string BaseUrl { get; set; } = "https://api.weixin.qq.com";

    public SubscribeTemplates Templates { get; set; } = new();

    /// <summary>
    /// Which template field carries which of our values, per template (ReviewResult, OrderStatus, OrderException):
    /// e.g. <c>TemplateFields:OrderStatus:status = phrase3</c>. Unset fields use <see cref="DefaultFields"/>.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> TemplateFields { get; set; } = new();

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> DefaultFields = new Dictionary<string, IReadOnlyDictionary<string,
        string>>
    {
        ["ReviewResult"] = new Dictionary<string, string> { ["result"] = "phrase1", ["reason"] = "thing2", ["time"] = "time3", ["batch"] = "thing4" },
        ["OrderStatus"] = new Dictionary<string, string> { ["order"] = "character_string1", ["amount"] = "amount2", ["status"] = "phrase3",
            ["time"] = "time4", ["note"] = "thing5" },
        ["OrderException"] = new Dictionary<string, string> { ["order"] = "character_string1", ["problem"] = "thing2", ["time"] = "time3" },
    };

    public string FieldFor(string template, string value) =>
        TemplateFields.TryGetValue(template, out var fields) && fields.TryGetValue(value, out var key) ? key
        : DefaultFields.TryGetValue(template, out var defaults) && defaults.TryGetValue(value, out var d) ? d : value;

    public sealed class SubscribeTemplates
    {
        public string ReviewResult { get; set; } = "";
        public string OrderStatus { get; set; } = "";
        public string OrderException { get; set; } = "";
    }
}
