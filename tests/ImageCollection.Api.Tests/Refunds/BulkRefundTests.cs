using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Refunds;

public sealed class BulkRefundTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private sealed record EmuRefund(string OutRefundNo, string OutTradeNo, long Refund, string Status);

    /// <summary>Paid enrollments seeded straight into the database, and the same payments recorded at the emulator.</summary>
    private async Task<List<Order>> SeedPaidAsync(Guid batchId, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var orders = await api.WithDbAsync(async db =>
        {
            var list = new List<Order>();
            for (var i = 0; i < count; i++)
            {
                var student = new Student("oBulk" + Guid.NewGuid().ToString("N")[..20], null, now);
                var enrollment = new Enrollment(batchId, student.Id, new EnrollmentIdentity { Method = IdentityMethod.Manual, Name = $"学生{i}" },
                    new Consent("2026-09", now), now);
                var order = new Order(enrollment.Id, student.Id, "B" + Guid.NewGuid().ToString("N")[..24], 1500, student.OpenId, now.AddMinutes(30), null, now);
                order.MarkPaid("4200" + Guid.NewGuid().ToString("N")[..24], now, Actor.System, now);
                db.AddRange(student, enrollment, order);
                list.Add(order);
            }
            await db.SaveChangesAsync();
            return list;
        });
        foreach (var chunk in orders.Chunk(20))
            await Task.WhenAll(chunk.Select(async o => (await api.Emulator.PostAsJsonAsync("/control/payments", new
            {
                outTradeNo = o.OutTradeNo, total = o.AmountFen, openId = o.PayerOpenId, successTime = now, transactionId = o.TransactionId,
            })).EnsureSuccessStatusCode()));
        return orders;
    }

    /// <summary>A closed batch of paid students and its bulk refund started, WeChat answering each refund in 150 ms.</summary>
    private async Task<(Guid BatchId, List<Order> Orders, HttpClient Support, Guid JobId)> SlowBulkRefundAsync(int students)
    {
        var batch = await api.BatchAsync();
        var batchId = batch.GetProperty("id").GetGuid();
        var orders = await SeedPaidAsync(batchId, students);
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsync($"/api/v1/staff/batches/{batchId}/close", null)).StatusCode);
        await api.Emulator.PutAsJsonAsync("/control/settings", new { refundOutcome = "success", refundDelayMs = 150, notEnough = false });
        var preview = await (await support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/bulk-refunds/preview", new { reason = "统一退费" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var started = await support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/bulk-refunds", new { previewId = preview.GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return (batchId, orders, support, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    /// <summary>At WeChat, every one of these orders was refunded, in full, once.</summary>
    private async Task RefundedOnceEachAsync(List<Order> orders)
    {
        var ours = orders.Select(o => o.OutTradeNo).ToHashSet();
        var perOrder = (await api.Emulator.GetFromJsonAsync<List<EmuRefund>>("/control/refunds", JsonSerializerOptions.Web))!
            .Where(r => ours.Contains(r.OutTradeNo)).GroupBy(r => r.OutTradeNo).ToList();
        Assert.Equal(orders.Count, perOrder.Count);
        Assert.All(perOrder, g => Assert.Equal(1500, g.Sum(r => r.Refund)));
    }

    private async Task<JsonElement> Progress(HttpClient staff, Guid jobId) => await staff.GetFromJsonAsync<JsonElement>($"/api/v1/staff/bulk-refunds/{jobId}");

    [Fact]
    public async Task Two_hundred_refunds_pause_on_not_enough_and_resume_after_a_restart_without_a_double_refund()
    {
        var batch = await api.BatchAsync();
        var batchId = batch.GetProperty("id").GetGuid();
        var orders = await SeedPaidAsync(batchId, 200);
        var photographed = await api.EnrolledAsync(batch: batch); // paid, then photographed on site: not refunded
        var photographedOrder = await PaymentsApiFactory.OrderAsync(photographed.Student, photographed.EnrollmentId);
        await api.PayAsync(photographedOrder.GetProperty("outTradeNo").GetString()!);
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.Orders.AnyAsync(o =>
            o.EnrollmentId == photographed.EnrollmentId && o.Status == OrderStatus.Paid)), "paid");
        await api.WithDbAsync(async db =>
        {
            var e = await db.Enrollments.SingleAsync(x => x.Id == photographed.EnrollmentId);
            db.Photos.Add(new Photo(Guid.CreateVersion7(), e, PhotoSource.Onsite, 1, new StoredOriginal("k", 1, new string('0', 64), "image/jpeg"), null,
                DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });

        var code = batch.GetProperty("school").GetProperty("code").GetString()!;
        var school = api.CreateClient((await api.LoginStaffAsync([StaffRoles.School], [code])).Token);
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        await api.Emulator.PutAsJsonAsync("/control/settings", new { refundOutcome = "success", refundDelayMs = 20, notEnough = false });
        // Not before the collection window has ended (or the batch is closed); then a preview first, and the start from it.
        var previewUrl = $"/api/v1/staff/batches/{batchId}/bulk-refunds/preview";
        await (await school.PostAsJsonAsync(previewUrl, new { reason = "统一退费：未参加采集" })).AssertProblemAsync(HttpStatusCode.Conflict,
            "bulk_refund.too_early");
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsync($"/api/v1/staff/batches/{batchId}/close", null)).StatusCode);
        var previewed = await school.PostAsJsonAsync(previewUrl, new { reason = "统一退费：未参加采集" });
        Assert.Equal(HttpStatusCode.Created, previewed.StatusCode);
        var preview = await previewed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((200, 200 * 1500L), (preview.GetProperty("count").GetInt32(), preview.GetProperty("totalFen").GetInt64()));
        Assert.DoesNotContain(preview.GetProperty("refunds").EnumerateArray(), r => r.GetProperty("enrollmentId").GetGuid() == photographed.EnrollmentId);
        // 学生0 … 学生199, masked (the preview's order among students seeded at the same instant is not fixed).
        Assert.All(preview.GetProperty("refunds").EnumerateArray(), r => Assert.Matches(@"^学\*{2,4}$", r.GetProperty("maskedName").GetString()!));
        await (await school.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/bulk-refunds", new { previewId = Guid.NewGuid() }))
            .AssertValidationProblemAsync("previewId");
        Assert.Equal(0, await api.WithDbAsync(db => db.Refunds.CountAsync(r => orders.Select(o => o.Id).Contains(r.OrderId))));
        var previewId = preview.GetProperty("id").GetGuid();
        var started = await school.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/bulk-refunds", new { previewId });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await (await school.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/bulk-refunds", new { previewId }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "bulk_refund.preview_used");
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Let some go through, then the merchant balance runs out.
        try
        {
            await PaymentsApiFactory.Eventually(async () => (await Progress(school, jobId)).GetProperty("succeeded").GetInt32() >= 20, "first refunds");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + await Progress(school, jobId) + "\n" + api.Worker.Output);
        }
        await api.Emulator.PutAsJsonAsync("/control/settings", new { notEnough = true });
        await PaymentsApiFactory.Eventually(async () => (await Progress(school, jobId)).GetProperty("status").GetString() == "paused", "paused");
        var paused = await Progress(school, jobId);
        Assert.Equal(200, paused.GetProperty("total").GetInt32());
        Assert.True(paused.GetProperty("pending").GetInt32() > 0);
        Assert.Contains("NOT_ENOUGH", paused.GetProperty("pausedReason").GetString());
        Assert.Contains("insufficient_balance", await support.GetStringAsync("/api/v1/staff/payment-exceptions?kind=insufficient_balance"));

        // The worker dies; the balance is topped up; support resumes on a new worker.
        await api.RestartWorkerAsync();
        await api.Emulator.PutAsJsonAsync("/control/settings", new { notEnough = false });
        Assert.Equal(HttpStatusCode.Accepted, (await support.PostAsync($"/api/v1/staff/bulk-refunds/{jobId}/resume", null)).StatusCode);
        await PaymentsApiFactory.Eventually(async () =>
        {
            var p = await Progress(school, jobId);
            return p.GetProperty("status").GetString() == "completed" && p.GetProperty("succeeded").GetInt32() == 200;
        }, "completed", 60);

        var done = await Progress(school, jobId);
        Assert.Equal((200, 0, 0), (done.GetProperty("succeeded").GetInt32(), done.GetProperty("failed").GetInt32(), done.GetProperty("pending").GetInt32()));
        await RefundedOnceEachAsync(orders);
        var atWechat = (await api.Emulator.GetFromJsonAsync<List<EmuRefund>>("/control/refunds", JsonSerializerOptions.Web))!;
        Assert.DoesNotContain(atWechat, r => r.OutTradeNo == photographedOrder.GetProperty("outTradeNo").GetString());
        Assert.Equal(200, await api.WithDbAsync(db => db.Enrollments.CountAsync(e => e.BatchId == batchId && e.Status == EnrollmentStatus.Refunded)));
    }

    [Fact]
    public async Task A_worker_killed_while_sending_is_taken_over_once_its_lease_runs_out_without_a_double_refund()
    {
        var (_, orders, support, jobId) = await SlowBulkRefundAsync(40);

        // Killed in the middle of sending: the job stays running, its lease on the row left behind.
        await PaymentsApiFactory.Eventually(async () => (await Progress(support, jobId)).GetProperty("succeeded").GetInt32() >= 5, "first refunds");
        api.Worker.Kill();
        var atKill = await api.WithDbAsync(db => db.BulkRefundJobs.SingleAsync(j => j.Id == jobId));
        Assert.Equal(BulkJobStatus.Running, atKill.Status);
        Assert.NotNull(atKill.LeaseId);

        // A new worker's sweeper hands it on once the lease has run out (5 s here); nobody resumed it.
        await api.Emulator.PutAsJsonAsync("/control/settings", new { refundDelayMs = 20 });
        await api.RestartWorkerAsync();
        await PaymentsApiFactory.Eventually(async () => (await Progress(support, jobId)).GetProperty("status").GetString() == "completed",
            "completed by the next worker", 60);
        var done = await api.WithDbAsync(db => db.BulkRefundJobs.SingleAsync(j => j.Id == jobId));
        Assert.Equal((null, null), (done.LeaseId, done.LeaseUntil));
        Assert.True(done.UpdatedAt >= atKill.LeaseUntil, "taken over only after the dead run's lease ran out");
        await RefundedOnceEachAsync(orders);
    }

    [Fact]
    public async Task Support_pauses_a_running_bulk_refund_and_resumes_it_without_a_double_refund()
    {
        var (batchId, orders, support, jobId) = await SlowBulkRefundAsync(30);
        await PaymentsApiFactory.Eventually(async () => (await Progress(support, jobId)).GetProperty("succeeded").GetInt32() >= 3, "first refunds");

        var paused = await support.PostAsync($"/api/v1/staff/bulk-refunds/{jobId}/pause", null);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal("paused by support", (await Progress(support, jobId)).GetProperty("pausedReason").GetString());
        // The refund being sent may finish; after that nothing goes.
        await Task.Delay(1000);
        var sentAtPause = (await api.Emulator.GetFromJsonAsync<List<EmuRefund>>("/control/refunds", JsonSerializerOptions.Web))!.Count;
        await Task.Delay(2000);
        Assert.Equal(sentAtPause, (await api.Emulator.GetFromJsonAsync<List<EmuRefund>>("/control/refunds", JsonSerializerOptions.Web))!.Count);
        Assert.Equal("paused", (await Progress(support, jobId)).GetProperty("status").GetString());
        var listed = await support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/bulk-refunds");
        Assert.Equal(jobId, listed[0].GetProperty("id").GetGuid());

        await api.Emulator.PutAsJsonAsync("/control/settings", new { refundDelayMs = 20 });
        Assert.Equal(HttpStatusCode.Accepted, (await support.PostAsync($"/api/v1/staff/bulk-refunds/{jobId}/resume", null)).StatusCode);
        await PaymentsApiFactory.Eventually(async () => (await Progress(support, jobId)).GetProperty("status").GetString() == "completed", "completed", 60);
        await RefundedOnceEachAsync(orders);
        await (await support.PostAsync($"/api/v1/staff/bulk-refunds/{jobId}/pause", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "bulk_refund.not_running");
    }

    [Fact]
    public async Task A_queued_bulk_refund_paused_by_support_sends_nothing_until_support_resumes_it()
    {
        api.Worker.Kill(); // no worker takes it: it stays queued
        var (_, orders, support, jobId) = await SlowBulkRefundAsync(10);
        Assert.Equal("queued", (await Progress(support, jobId)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsync($"/api/v1/staff/bulk-refunds/{jobId}/pause", null)).StatusCode);

        // The run queued at the start and the new worker's sweeper both find it held.
        await api.Emulator.PutAsJsonAsync("/control/settings", new { refundDelayMs = 20 });
        await api.RestartWorkerAsync();
        await Task.Delay(3000);
        var ours = orders.Select(o => o.OutTradeNo).ToHashSet();
        async Task<int> SentAsync() => (await api.Emulator.GetFromJsonAsync<List<EmuRefund>>("/control/refunds", JsonSerializerOptions.Web))!
            .Count(r => ours.Contains(r.OutTradeNo));
        Assert.Equal(0, await SentAsync());
        var held = await Progress(support, jobId);
        Assert.Equal(("paused", BulkRefundJob.StaffPauseReason), (held.GetProperty("status").GetString(), held.GetProperty("pausedReason").GetString()));

        Assert.Equal(HttpStatusCode.Accepted, (await support.PostAsync($"/api/v1/staff/bulk-refunds/{jobId}/resume", null)).StatusCode);
        await PaymentsApiFactory.Eventually(async () => (await Progress(support, jobId)).GetProperty("status").GetString() == "completed", "completed", 60);
        await RefundedOnceEachAsync(orders);
        var changes = await api.WithDbAsync(db => db.StatusChanges.AsNoTracking().Where(c => c.EntityId == jobId).OrderBy(c => c.At)
            .Select(c => c.FromStatus + ">" + c.ToStatus).ToListAsync());
        Assert.Equal(["queued>paused", "paused>queued", "queued>running", "running>completed"], changes);
    }
}
