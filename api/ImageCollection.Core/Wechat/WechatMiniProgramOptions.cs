using System.ComponentModel.DataAnnotations;

namespace ImageCollection.Core.Wechat;

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

    public sealed class SubscribeTemplates
    {
        public string ReviewResult { get; set; } = "";
        public string OrderStatus { get; set; } = "";
        public string OrderException { get; set; } = "";
    }
}
