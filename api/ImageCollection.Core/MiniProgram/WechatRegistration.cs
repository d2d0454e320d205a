using ImageCollection.Core.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.MiniProgram;

public static class WechatRegistration
{
    /// <summary>The mini-program server API client. A login code is single-use, so jscode2session is never retried.</summary>
    public static IHostApplicationBuilder AddWechatMiniProgram(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WechatMiniProgramOptions>().BindConfiguration(WechatMiniProgramOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient<IMiniProgramClient, MiniProgramClient>((sp, http) =>
        {
            var o = sp.GetRequiredService<IOptions<WechatMiniProgramOptions>>().Value;
            http.BaseAddress = new Uri(o.BaseUrl.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddSingleton<AccessTokenCache>();
        builder.Services.AddTransient<SubscribeMessages>();
        return builder;
    }
}
