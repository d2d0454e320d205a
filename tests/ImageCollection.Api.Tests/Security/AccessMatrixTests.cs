using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageCollection.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static ImageCollection.Api.Tests.Security.Caller;

namespace ImageCollection.Api.Tests.Security;

/// <summary>
/// Every route the API serves × every kind of caller, with the answer each must get: anonymous callers are asked to
/// log in (401), callers of the wrong kind or role are refused (403), another student's or another school's records
/// do not exist for them (404), and everyone else gets past authorisation. The route list comes from the API itself:
/// a route added without a line here fails the suite.
/// </summary>
public sealed partial class AccessMatrixTests(AccessMatrixFixture f) : IClassFixture<AccessMatrixFixture>
{
    private static readonly Caller[] Everyone = Enum.GetValues<Caller>();
    private static readonly Caller[] StaffCallers = [Admin, Support, Reviewer, School, OtherSchool, Photographer];

    /// <summary>Who may call a route, and who must find its record missing.</summary>
    private sealed record Access(Caller[] Allowed, Caller[] Hidden, bool Callback = false)
    {
        public bool ResourceSpecific => Hidden.Length > 0;
    }

    private static readonly Access Public = new(Everyone, []);
    private static readonly Access Callback = new([], [], Callback: true);
    private static readonly Access Students = new([Owner, OtherStudent], []);
    private static readonly Access OwnerOnly = new([Owner], [OtherStudent]);
    private static readonly Access AnyStaff = new(StaffCallers, []);
    private static readonly Access AdminOnly = new([Admin], []);
    private static readonly Access SupportStaff = new([Admin, Support], []);
    private static readonly Access Reviewers = new([Admin, Support, Reviewer], []);
    private static readonly Access SchoolViews = new([Admin, Support, School, OtherSchool], []);
    private static readonly Access OwnSchool = new([Admin, Support, School], [OtherSchool]);
    private static readonly Access Photographers = new([Admin, Photographer], []);

    private sealed record Route(string Method, string Pattern, Access Access, Func<AccessMatrixFixture, string> Url,
        Func<AccessMatrixFixture, HttpContent?>? Body = null, bool FreshAccount = false, bool NewSession = false);

    private static HttpContent Json(object body) => JsonContent.Create(body);

    private static HttpContent Csv(string text) => new StringContent(text, System.Text.Encoding.UTF8, "text/csv");

    private static HttpContent Jpeg(AccessMatrixFixture f)
    {
        var content = new ByteArrayContent(f.GoodPhoto());
        content.Headers.ContentType = new("image/jpeg");
        return content;
    }

    private static readonly Route[] Routes =
    [
        new("POST", "/api/v1/auth/wechat/login", Public, _ => "/api/v1/auth/wechat/login", _ => Json(new { code = "matrix." + Guid.NewGuid().ToString("N") })),
        new("GET", "/api/v1/batches", Public, f => $"/api/v1/batches?schoolCode={f.SchoolCode}&regionCode=19"),
        new("GET", "/api/v1/batches/{featureCode}", Public, f => $"/api/v1/batches/{f.FeatureCode}"),
        new("POST", "/api/v1/batches/{featureCode}/enrollments", Students, f => $"/api/v1/batches/{f.FeatureCode}/enrollments",
            _ => Json(Seed.Manual(Seed.IdNumber()))),
        new("GET", "/api/v1/enrollments", Students, _ => "/api/v1/enrollments"),
        new("GET", "/api/v1/enrollments/{id}", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}"),
        new("POST", "/api/v1/enrollments/{id}/orders", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/orders", _ => Json(new { })),
        new("GET", "/api/v1/enrollments/{id}/orders", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/orders"),
        new("POST", "/api/v1/enrollments/{id}/photos", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/photos", Jpeg),
        new("GET", "/api/v1/enrollments/{id}/journey", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/journey"),
        new("GET", "/api/v1/enrollments/{id}/prints", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/prints"),
        new("POST", "/api/v1/enrollments/{id}/reprints", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/reprints", _ => Json(new { copies = 1 })),
        new("GET", "/api/v1/enrollments/{id}/photos", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/photos"),
        new("POST", "/api/v1/enrollments/{id}/refund", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/refund", _ => Json(new { reason = "不去了" })),
        new("PUT", "/api/v1/enrollments/{id}/shipping", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/shipping", _ => Json(new
        {
            recipientName = "张三", phone = "13812345678", province = "广东省", city = "广州市", district = "天河区", street = "五山路1号",
        })),
        new("POST", "/api/v1/enrollments/{id}/withdraw", OwnerOnly, f => $"/api/v1/enrollments/{f.EnrollmentId}/withdraw"),
        new("GET", "/api/v1/orders/{id}", OwnerOnly, f => $"/api/v1/orders/{f.OrderId}"),
        new("POST", "/api/v1/payments/wechat/notify", Callback, _ => "/api/v1/payments/wechat/notify", _ => Json(new { })),
        new("POST", "/api/v1/payments/wechat/refund-notify", Callback, _ => "/api/v1/payments/wechat/refund-notify", _ => Json(new { })),
        new("GET", "/api/v1/photos/{id}", OwnerOnly, f => $"/api/v1/photos/{f.PhotoId}"),
        new("GET", "/api/v1/photos/{id}/download", OwnerOnly, f => $"/api/v1/photos/{f.PhotoId}/download"),
        new("POST", "/api/v1/photos/{id}/withdraw", OwnerOnly, f => $"/api/v1/photos/{f.PhotoId}/withdraw"),
        new("GET", "/api/v1/staff/audit", SupportStaff, _ => "/api/v1/staff/audit"),
        new("POST", "/api/v1/staff/auth/login", Public, _ => "/api/v1/staff/auth/login", _ => Json(new { userName = "nobody", password = "wrong-password" })),
        new("POST", "/api/v1/staff/auth/logout", Public, _ => "/api/v1/staff/auth/logout", FreshAccount: true),
        new("GET", "/api/v1/staff/auth/me", AnyStaff, _ => "/api/v1/staff/auth/me"),
        new("GET", "/api/v1/staff/batches", SchoolViews, _ => "/api/v1/staff/batches"),
        new("POST", "/api/v1/staff/batches", SupportStaff, _ => "/api/v1/staff/batches", f => Json(new { schoolId = f.SchoolId })),
        new("POST", "/api/v1/staff/batches/{batchId}/bulk-refunds", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/bulk-refunds",
            _ => Json(new { previewId = Guid.NewGuid() })),
        new("POST", "/api/v1/staff/batches/{batchId}/bulk-refunds/preview", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/bulk-refunds/preview",
            _ => Json(new { reason = "统一退费" })),
        new("GET", "/api/v1/staff/batches/{batchId}/prints", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/prints"),
        new("PUT", "/api/v1/staff/batches/{batchId}/prints", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/prints",
            _ => Json(new { layout = "two_inch", copies = 8, delivery = "school" })),
        new("DELETE", "/api/v1/staff/batches/{batchId}/prints", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/prints"),
        new("POST", "/api/v1/staff/batches/{batchId}/print-runs", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/print-runs"),
        new("GET", "/api/v1/staff/batches/{batchId}/print-runs", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/print-runs"),
        new("GET", "/api/v1/staff/print-runs/{id}", SupportStaff, f => $"/api/v1/staff/print-runs/{f.PrintRunId}"),
        new("POST", "/api/v1/staff/print-runs/{id}/download", SupportStaff, f => $"/api/v1/staff/print-runs/{f.PrintRunId}/download"),
        new("GET", "/api/v1/staff/print-runs/{id}/courier-export", SupportStaff, f => $"/api/v1/staff/print-runs/{f.PrintRunId}/courier-export"),
        new("POST", "/api/v1/staff/print-runs/{id}/tracking", SupportStaff, f => $"/api/v1/staff/print-runs/{f.PrintRunId}/tracking",
            _ => Csv("订单号,快递公司,快递单号\r\nNOPE,顺丰速运,SF1234567890\r\n")),
        new("POST", "/api/v1/staff/parcels/{id}/handed-over", SupportStaff, f => $"/api/v1/staff/parcels/{f.ParcelId}/handed-over"),
        new("GET", "/api/v1/staff/batches/{batchId}/bulk-refunds", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/bulk-refunds"),
        new("POST", "/api/v1/staff/batches/{batchId}/chsi-packages", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/chsi-packages"),
        new("POST", "/api/v1/staff/batches/{batchId}/chsi-results", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/chsi-results",
            _ => Csv("studentId,result,reason\r\nK0000,delivered,\r\n")),
        new("GET", "/api/v1/staff/batches/{batchId}/enrollments", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/enrollments"),
        new("POST", "/api/v1/staff/batches/{batchId}/exports", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/exports", _ => Json(new { })),
        new("GET", "/api/v1/staff/batches/{batchId}/missing", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/missing"),
        new("GET", "/api/v1/staff/batches/{batchId}/packages", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/packages"),
        new("GET", "/api/v1/staff/batches/{batchId}/photo-stats", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/photo-stats"),
        new("GET", "/api/v1/staff/batches/{batchId}/progress", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/progress"),
        new("GET", "/api/v1/staff/batches/{batchId}/roster", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/roster"),
        new("PUT", "/api/v1/staff/batches/{batchId}/roster", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/roster",
            _ => Csv("学号,姓名,院系,专业,班级\r\n20230001,张三,计算机学院,软件工程,软工1班\r\n")),
        new("POST", "/api/v1/staff/batches/{batchId}/school-payments", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/school-payments",
            _ => Json(new { amountFen = 1, reference = "X" })),
        new("GET", "/api/v1/staff/batches/{batchId}/school-payments", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/school-payments"),
        new("GET", "/api/v1/staff/batches/{batchId}/settlement", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/settlement"),
        new("GET", "/api/v1/staff/batches/{batchId}/statement", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}/statement"),
        new("POST", "/api/v1/staff/batches/{batchId}/statement/payments", SupportStaff, f => $"/api/v1/staff/batches/{f.BatchId}/statement/payments",
            _ => Json(new { amountFen = 1, reference = "X" + Guid.NewGuid().ToString("N")[..8] })),
        new("POST", "/api/v1/staff/batches/{batchId}/sessions", SupportStaff, f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/sessions",
            _ => Json(AccessMatrixFixture.Session)),
        new("PUT", "/api/v1/staff/batches/{batchId}/sessions/{sessionId}", SupportStaff, f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/sessions/{f.SessionId}",
            _ => Json(AccessMatrixFixture.Session)),
        new("DELETE", "/api/v1/staff/batches/{batchId}/sessions/{sessionId}", SupportStaff,
            f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/sessions/{{session}}", NewSession: true),
        new("GET", "/api/v1/staff/batches/{batchId}/sessions/{sessionId}/assignments", SupportStaff,
            f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/sessions/{f.SessionId}/assignments"),
        new("PUT", "/api/v1/staff/batches/{batchId}/sessions/{sessionId}/stations/{station}/photographers/{staffId}", SupportStaff,
            f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/sessions/{{session}}/stations/1/photographers/{f.PhotographerId}", NewSession: true),
        new("DELETE", "/api/v1/staff/batches/{batchId}/sessions/{sessionId}/stations/{station}/photographers/{staffId}", SupportStaff,
            f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/sessions/{{session}}/stations/1/photographers/{f.PhotographerId}", NewSession: true),
        new("GET", "/api/v1/staff/batches/{id}", OwnSchool, f => $"/api/v1/staff/batches/{f.BatchId}"),
        new("POST", "/api/v1/staff/batches/{id}/close", SupportStaff, f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/close"),
        new("POST", "/api/v1/staff/batches/{id}/open", SupportStaff, f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/open"),
        new("PUT", "/api/v1/staff/batches/{id}/terms", SupportStaff, f => $"/api/v1/staff/batches/{f.OnsiteBatchId}/terms", _ => Json(new { })),
        new("GET", "/api/v1/staff/bulk-refunds/{id}", OwnSchool, f => $"/api/v1/staff/bulk-refunds/{f.BulkRefundId}"),
        new("POST", "/api/v1/staff/bulk-refunds/{id}/pause", SupportStaff, f => $"/api/v1/staff/bulk-refunds/{f.BulkRefundId}/pause"),
        new("POST", "/api/v1/staff/bulk-refunds/{id}/resume", SupportStaff, f => $"/api/v1/staff/bulk-refunds/{f.BulkRefundId}/resume"),
        new("GET", "/api/v1/staff/enrollments/search", SupportStaff, _ => "/api/v1/staff/enrollments/search?phone=13812345678"),
        new("GET", "/api/v1/staff/enrollments/{id}", OwnSchool, f => $"/api/v1/staff/enrollments/{f.EnrollmentId}"),
        new("GET", "/api/v1/staff/enrollments/{id}/personal-data", SupportStaff, f => $"/api/v1/staff/enrollments/{f.EnrollmentId}/personal-data"),
        new("POST", "/api/v1/staff/onsite/enrollments/{enrollmentId}/native-order", Photographers,
            f => $"/api/v1/staff/onsite/enrollments/{f.EnrollmentId}/native-order", f => Json(new { sessionId = f.SessionId, station = 1 })),
        new("GET", "/api/v1/staff/onsite/orders/{orderId}", Photographers, f => $"/api/v1/staff/onsite/orders/{f.OrderId}"),
        new("POST", "/api/v1/staff/onsite/scan", Photographers, f => "/api/v1/staff/onsite/scan",
            f => Json(new { sessionId = f.SessionId, station = 1, studentNumber = "20230001" })),
        new("GET", "/api/v1/staff/onsite/sessions/{sessionId}/stations/{station}/queue", Photographers,
            f => $"/api/v1/staff/onsite/sessions/{f.SessionId}/stations/1/queue"),
        new("GET", "/api/v1/staff/onsite/shots/{shotId}", Photographers, f => $"/api/v1/staff/onsite/shots/{f.ShotId}"),
        new("POST", "/api/v1/staff/onsite/shots/{shotId}/photo", Photographers, f => $"/api/v1/staff/onsite/shots/{f.ShotId}/photo", Jpeg),
        new("GET", "/api/v1/staff/onsite/today", Photographers, _ => "/api/v1/staff/onsite/today"),
        new("GET", "/api/v1/staff/orders/search", SupportStaff, _ => "/api/v1/staff/orders/search?phone=13812345678"),
        new("GET", "/api/v1/staff/orders/{id}", SupportStaff, f => $"/api/v1/staff/orders/{f.OrderId}"),
        new("GET", "/api/v1/staff/orders/{id}/history", SupportStaff, f => $"/api/v1/staff/orders/{f.OrderId}/history"),
        new("POST", "/api/v1/staff/orders/{id}/refunds", SupportStaff, f => $"/api/v1/staff/orders/{f.OrderId}/refunds", _ => Json(new { amountFen = 1,
            reason = "补差价" })),
        new("GET", "/api/v1/staff/packages/{id}", OwnSchool, f => $"/api/v1/staff/packages/{f.PackageId}"),
        new("POST", "/api/v1/staff/packages/{id}/delivered", SupportStaff, f => $"/api/v1/staff/packages/{f.ChsiPackageId}/delivered"),
        new("POST", "/api/v1/staff/packages/{id}/download", OwnSchool, f => $"/api/v1/staff/packages/{f.PackageId}/download"),
        new("GET", "/api/v1/staff/payment-exceptions", SupportStaff, _ => "/api/v1/staff/payment-exceptions"),
        new("POST", "/api/v1/staff/payment-exceptions/{id}/resolve", SupportStaff, f => $"/api/v1/staff/payment-exceptions/{f.PaymentExceptionId}/resolve",
            _ => Json(new { resolution = "已核对" })),
        new("POST", "/api/v1/staff/payments/reconciliations", SupportStaff, _ => "/api/v1/staff/payments/reconciliations",
            _ => Json(new { billDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)) })),
        new("GET", "/api/v1/staff/payments/reconciliations", SupportStaff, _ => "/api/v1/staff/payments/reconciliations"),
        new("GET", "/api/v1/staff/photos/{photoId}", OwnSchool, f => $"/api/v1/staff/photos/{f.PhotoId}"),
        new("POST", "/api/v1/staff/photos/{photoId}/override", SupportStaff, f => $"/api/v1/staff/photos/{f.PhotoId}/override",
            _ => Json(new { reasons = new[] { "review.other" }, note = "复核" })),
        new("GET", "/api/v1/staff/reviews/queue", Reviewers, _ => "/api/v1/staff/reviews/queue"),
        new("GET", "/api/v1/staff/reviews/batches", Reviewers, _ => "/api/v1/staff/reviews/batches"),
        new("GET", "/api/v1/staff/reviews/reasons", Reviewers, _ => "/api/v1/staff/reviews/reasons"),
        new("POST", "/api/v1/staff/reviews/{photoId}/approve", Reviewers, f => $"/api/v1/staff/reviews/{f.PhotoId}/approve"),
        new("POST", "/api/v1/staff/reviews/{photoId}/claim", Reviewers, f => $"/api/v1/staff/reviews/{f.PhotoId}/claim"),
        new("POST", "/api/v1/staff/reviews/{photoId}/reject", Reviewers, f => $"/api/v1/staff/reviews/{f.PhotoId}/reject",
            _ => Json(new { reasons = new[] { "review.other" } })),
        new("GET", "/api/v1/staff/schools", SchoolViews, _ => "/api/v1/staff/schools"),
        new("POST", "/api/v1/staff/schools", SupportStaff, _ => "/api/v1/staff/schools", _ => Json(new { })),
        new("GET", "/api/v1/staff/schools/{id}", OwnSchool, f => $"/api/v1/staff/schools/{f.SchoolId}"),
        new("PUT", "/api/v1/staff/schools/{id}", SupportStaff, f => $"/api/v1/staff/schools/{f.SchoolId}", _ => Json(new { })),
        new("GET", "/api/v1/staff/schools/{schoolId}/schedule", OwnSchool, f => $"/api/v1/staff/schools/{f.SchoolId}/schedule"),
        new("POST", "/api/v1/staff/system/retention-runs", AdminOnly, _ => "/api/v1/staff/system/retention-runs"),
        new("POST", "/api/v1/staff/system/storage-checks", AdminOnly, _ => "/api/v1/staff/system/storage-checks"),
        new("GET", "/api/v1/staff/system/storage-checks/{id}", AdminOnly, f => $"/api/v1/staff/system/storage-checks/{f.StorageCheckId}"),
        new("GET", "/api/v1/staff/users", AdminOnly, _ => "/api/v1/staff/users"),
        new("POST", "/api/v1/staff/users", AdminOnly, _ => "/api/v1/staff/users", _ => Json(new { })),
        new("PUT", "/api/v1/staff/users/{id}", AdminOnly, f => $"/api/v1/staff/users/{f.StaffUserId}",
            _ => Json(new { displayName = "E", roles = new[] { "reviewer" }, isActive = true })),
        new("PUT", "/api/v1/staff/users/{id}/password", AdminOnly, f => $"/api/v1/staff/users/{f.StaffUserId}/password",
            _ => Json(new { password = "another-long-password" })),
    ];

    [Fact]
    public void Every_route_the_api_serves_has_a_line_in_the_matrix()
    {
        var served = f.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .ToHashSet();
        var listed = Routes.Select(r => $"{r.Method} {r.Pattern}").ToHashSet();
        Assert.Empty(served.Except(listed));
        Assert.Empty(listed.Except(served));
        Assert.Equal(Routes.Length, listed.Count);
    }

    public static TheoryData<string> RouteNames => new(Routes.Select(r => $"{r.Method} {r.Pattern}"));

    [Theory]
    [MemberData(nameof(RouteNames))]
    public async Task Each_caller_gets_the_answer_the_matrix_gives(string name)
    {
        var route = Routes.Single(r => $"{r.Method} {r.Pattern}" == name);
        var failures = new List<string>();
        foreach (var caller in Everyone)
        {
            var client = route.FreshAccount ? await f.FreshClientAsync(caller) : f.Client(caller);
            var url = route.Url(f);
            if (route.NewSession) url = url.Replace("{session}", (await f.NewSessionAsync()).ToString());
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), url) { Content = route.Body?.Invoke(f) };
            if (route.Pattern.EndsWith("/orders", StringComparison.Ordinal) && route.Method == "POST")
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var code = ProblemCode(response, text);
            var status = (int)response.StatusCode;
            var expected = Expected(route.Access, caller);
            var ok = status < 500 && expected switch
            {
                "login" => status == 401 && code == "auth.required",
                "forbidden" => status == 403 && code == "auth.forbidden",
                "hidden" => status == 404,
                "wechat" => status == 401 && text.Contains("\"FAIL\""),
                _ => !(status == 401 && code == "auth.required") && !(status == 403 && code == "auth.forbidden")
                     && !(route.Access.ResourceSpecific && status == 404),
            };
            if (!ok) failures.Add($"{caller}: expected {expected}, got {status} {code} {text[..Math.Min(200, text.Length)]}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Expected(Access access, Caller caller) =>
        access.Callback ? "wechat"
        : access.Allowed.Contains(caller) ? "allowed"
        : access.Hidden.Contains(caller) ? "hidden"
        : caller == Anonymous ? "login"
        : "forbidden";

    private static string? ProblemCode(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        try { return JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null; }
        catch (JsonException) { return null; }
    }

    private static string Normalise(string pattern) => Constraint().Replace(pattern, "{$1}").TrimEnd('/');

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}
