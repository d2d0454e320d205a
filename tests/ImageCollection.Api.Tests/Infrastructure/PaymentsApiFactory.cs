using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Tests.Infrastructure;

/// <summary>
/// The API on a real Kestrel listener (WeChat's notifications come to it from the emulator process) with a real worker
/// process running the jobs: expiry, refunds, bulk refunds, reconciliation, messages.
/// </summary>
public class PaymentsApiFactory : ApiFactory
{
    public PaymentsApiFactory()
    {
        Settings["Jobs:SweepInterval"] = "00:00:02";
        Settings["Jobs:CheckLease"] = "00:00:05";
        Settings["Payments:UnpaidQueryAfter"] = "00:00:02";
        Settings["Payments:BulkRefundPerSecond"] = "50";
        Settings["Payments:NotEnoughRetryAfter"] = "01:00:00";
        Settings["Wechat:MiniProgram:Templates:OrderStatus"] = "TPL-ORDER-STATUS";
        Settings["Wechat:MiniProgram:Templates:OrderException"] = "TPL-ORDER-EXCEPTION";
    }

    protected override bool UseRealServer => true;

    public Testing.ChildProcess Worker { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Worker = await StartWorkerAsync();
        Live.Add(this);
    }

    public async Task<Testing.ChildProcess> RestartWorkerAsync()
    {
        Worker.Kill();
        Worker = await StartWorkerAsync();
        return Worker;
    }

    /// <summary>A school, an open batch students pay for, and an enrolled, logged-in student.</summary>
    public async Task<Enrolled> EnrolledAsync(string payer = "student", TimeSpan? paymentClosesIn = null, JsonElement? batch = null)
    {
        batch ??= await BatchAsync(payer, paymentClosesIn);
        var (studentId, token) = await LoginStudentAsync("pay" + Guid.NewGuid().ToString("N")[..10]);
        var student = CreateClient(token);
        var response = await student.PostAsJsonAsync($"/api/v1/batches/{batch.Value.GetProperty("featureCode").GetString()}/enrollments",
            Seed.Manual(Seed.IdNumber(), phone: "138" + Random.Shared.Next(10000000, 99999999)));
        var enrollment = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, enrollment.ToString());
        return new Enrolled(student, studentId, enrollment.GetProperty("id").GetGuid(), batch.Value);
    }

    public async Task<JsonElement> BatchAsync(string payer = "student", TimeSpan? paymentClosesIn = null)
    {
        var staff = CreateClient((await LoginStaffAsync([StaffRoles.Support])).Token);
        var school = await Seed.SchoolAsync(staff);
        return await Seed.BatchAsync(staff, school.GetProperty("id").GetGuid(), payer: payer, closesIn: paymentClosesIn);
    }

    public static async Task<JsonElement> OrderAsync(HttpClient student, Guid enrollmentId, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrollments/{enrollmentId}/orders");
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        var response = await student.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body + "\n" + string.Join("\n",
            Live.SelectMany(f => f.Logs.Lines.Where(l => l.StartsWith("Error"))).Take(5)));
        return body;
    }

    public async Task PayAsync(string outTradeNo, object? options = null) =>
        (await Emulator.PostAsJsonAsync($"/control/orders/{outTradeNo}/pay", options ?? new { })).EnsureSuccessStatusCode();

    public async Task<List<JsonElement>> DeliveriesAsync(string key) =>
        (await Emulator.GetFromJsonAsync<List<JsonElement>>($"/control/deliveries?key={key}"))!;

    public static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not true within {seconds} s: {what}\n" + string.Join("\n---\n", Live.Select(f => f.Worker.Output[^Math.Min(4000,
                    f.Worker.Output.Length)..])));
            await Task.Delay(100);
        }
    }

    /// <summary>Fixtures alive in this test process, so a timeout can show what their workers said.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentBag<PaymentsApiFactory> Live = [];

    public sealed record Enrolled(HttpClient Student, Guid StudentId, Guid EnrollmentId, JsonElement Batch);
}
