using ImageCollection.Core.MiniProgram;
using ImageCollection.Core.Orders;
using ImageCollection.Core.Refunds;
using ImageCollection.Core.WechatPay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageCollection.Core.Hosting;

public static class PaymentsRegistration
{
    /// <summary>WeChat clients plus the services that apply what WeChat says about orders and refunds.</summary>
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        builder.AddWechatMiniProgram();
        builder.AddWechatPay();
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section)
            .Validate(o => o.OrderLifetime >= TimeSpan.FromMinutes(1), "Payments:OrderLifetime must be at least 1 minute (WeChat's minimum).")
            .Validate(o => o.UnpaidQueryAfter > TimeSpan.Zero, "Payments:UnpaidQueryAfter must be positive.")
            .Validate(o => o.BulkRefundPerSecond is > 0 and <= 100, "Payments:BulkRefundPerSecond must be between 0 and 100.")
            .ValidateOnStart();
        builder.Services.AddScoped<PaymentApplier>();
        builder.Services.AddScoped<RefundApplier>();
        builder.Services.AddScoped<RefundSubmitter>();
        builder.Services.AddScoped<OrderCloser>();
        return builder;
    }
}
