using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageCollection.Api.Tests.Delivery;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using UglyToad.PdfPig;

namespace ImageCollection.Api.Tests.Prints;

/// <summary>Prints on the real stack: a posted batch (address before payment, run, courier export, tracking, reprint) and class packs.</summary>
public sealed class PrintsTests(DeliveryApiFactory api) : IClassFixture<DeliveryApiFactory>
{
    private static readonly object Address = new
    {
        recipientName = "王小明", phone = "13912345678", province = "广东省", city = "广州市", district = "天河区", street = "五山路381号华南理工大学",
    };

    public static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "print-runs");

    private async Task<(JsonElement Batch, Guid BatchId)> BatchSellingAsync(object prints)
    {
        var (batch, batchId, _) = await api.SchoolBatchAsync();
        var set = await api.Support.PutAsJsonAsync($"/api/v1/staff/batches/{batchId}/prints", prints);
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        return (batch, batchId);
    }

    /// <summary>Plans a run, waits until the worker rendered it, downloads it.</summary>
    private async Task<(Guid RunId, JsonElement Started, ZipArchive Zip)> RunAsync(Guid batchId)
    {
        var response = await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/print-runs", null);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, started.ToString());
        var runId = started.GetProperty("run").GetProperty("id").GetGuid();
        await DeliveryApiFactory.ReadyAsync(api.Support, runId);
        var link = await (await api.Support.PostAsync($"/api/v1/staff/print-runs/{runId}/download", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync(link.GetProperty("url").GetString());
        // Kept as a test artifact, to open as the print shop would (bin/…/print-runs/).
        Directory.CreateDirectory(Artifacts);
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, $"{runId}.zip"), bytes);
        var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        DeliveryApiFactory.ChecksumsMatch(zip);
        return (runId, started, zip);
    }

    private async Task<JsonElement> ParcelsAsync(Guid runId) => await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/print-runs/{runId}");

    private async Task PayReprintAsync(PaymentsApiFactory.Enrolled s, int copies, long expectedFen)
    {
        var response = await s.Student.PostAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/reprints", new { copies });
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, order.ToString());
        Assert.Equal(expectedFen, order.GetProperty("amountFen").GetInt64());
        await api.PayAsync(order.GetProperty("outTradeNo").GetString()!);
        var orderId = order.GetProperty("id").GetGuid();
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.PrintItems.AnyAsync(i => i.OrderId == orderId)), "the reprint waits");
    }

    [Fact]
    public async Task A_posted_batch_asks_for_the_address_prints_at_300_dpi_exports_for_the_courier_and_ships_by_tracking_import()
    {
        var (batch, batchId) = await BatchSellingAsync(new { layout = "two_inch", copies = 8, delivery = "post", reprintFeeFen = 500 });
        var s = await api.StudentAsync(batch, "20270042", pay: false);

        // No address, no payment; with it the student pays.
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrollments/{s.EnrollmentId}/orders"))
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            await (await s.Student.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Conflict, "order.address_required");
        }
        Assert.Equal(0, await api.WithDbAsync(db => db.Orders.CountAsync(o => o.EnrollmentId == s.EnrollmentId)));
        Assert.Equal(HttpStatusCode.OK, (await s.Student.PutAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/shipping", Address)).StatusCode);
        var order = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId);
        await api.PayAsync(order.GetProperty("outTradeNo").GetString()!);
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.Orders.AnyAsync(o => o.EnrollmentId == s.EnrollmentId
            && o.Status == OrderStatus.Paid)), "paid");
        await api.ApprovedAsync(s);

        // The run: one parcel, one 6-inch sheet of 8 prints of 35 × 49 mm at 300 dpi, the caption under each.
        var (runId, started, zip) = await RunAsync(batchId);
        Assert.Equal((1, 1, 1, 0), (started.GetProperty("students").GetInt32(), started.GetProperty("sheets").GetInt32(),
            started.GetProperty("parcels").GetInt32(), started.GetProperty("studentsWithoutAddress").GetInt32()));
        var parcel = (await ParcelsAsync(runId)).GetProperty("parcelList")[0];
        var reference = parcel.GetProperty("reference").GetString()!;
        Assert.Equal(("王**", "139****5678", "packed"), (parcel.GetProperty("recipient").GetString(), parcel.GetProperty("phone").GetString(),
            parcel.GetProperty("status").GetString()));
        using (var pdf = PdfDocument.Open(DeliveryApiFactory.Read(zip, $"sheets/{reference}.pdf")))
        {
            Assert.Equal(1, pdf.NumberOfPages);
            var page = pdf.GetPage(1);
            Assert.Equal((432.0, 288.0), (Math.Round(page.Width, 1), Math.Round(page.Height, 1))); // 152.4 × 101.6 mm
            var images = page.GetImages().ToList();
            Assert.Equal(8, images.Count);
            Assert.All(images, i =>
            {
                Assert.Equal((413, 579), (i.WidthInSamples, i.HeightInSamples)); // 35 × 49 mm at 300 dpi
                Assert.Equal((99.2, 138.9), (Math.Round(i.BoundingBox.Width, 1), Math.Round(i.BoundingBox.Height, 1)));
            });
            var text = string.Concat(page.Text.Where(c => !char.IsWhiteSpace(c)));
            Assert.True(text.Contains("20270042李四", StringComparison.Ordinal), "the caption, \"{studentNumber} {name}\", in: " + text);
        }
        var pick = DeliveryApiFactory.Csv(DeliveryApiFactory.Read(zip, "pick-list.csv"));
        Assert.Equal((reference, "20270042", "8", "1"), (pick.Single()["包裹号"], pick.Single()["学号"], pick.Single()["张数"], pick.Single()["版数"]));
        var everything = string.Concat(zip.Entries.Where(e => !e.FullName.EndsWith(".pdf", StringComparison.Ordinal) && !e.FullName.EndsWith(".xlsx",
            StringComparison.Ordinal)).Select(e => Encoding.UTF8.GetString(DeliveryApiFactory.Read(zip, e.FullName))));
        Assert.DoesNotContain("13912345678", everything);
        Assert.DoesNotContain("五山路", everything);

        // In the run, the address is locked.
        await (await s.Student.PutAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/shipping", Address))
            .AssertProblemAsync(HttpStatusCode.Conflict, "prints.address_locked");

        // The courier export: the one place phone and address are unmasked, and audited.
        var export = await api.Support.GetAsync($"/api/v1/staff/print-runs/{runId}/courier-export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = (await new MemoryStream(await export.Content.ReadAsByteArrayAsync()).QueryAsync(useHeaderRow: true))
            .Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal(("王小明", "13912345678", "广东省", "广州市", "天河区", "五山路381号华南理工大学", reference), ((string)row["收件人"]!,
            Convert.ToString(row["联系电话"]), (string)row["省份"]!, (string)row["城市"]!, (string)row["区县"]!, (string)row["详细地址"]!, (string)row["订单号"]!));
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "print_run.courier_exported" && a.EntityId == runId)));

        // Tracking: one bad row refuses the file whole; then it applies, and the student is told.
        var bad = DeliveryApiFactory.CsvContent($"订单号,快递公司,快递单号\r\n{reference},顺丰速运,SF1234567890\r\nNOSUCH0001,顺丰速运,SF1234567891\r\n");
        var refused = await api.Support.PostAsync($"/api/v1/staff/print-runs/{runId}/tracking", bad);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "tracking.invalid");
        Assert.Equal(3, problem.GetProperty("errors")[0].GetProperty("row").GetInt32());
        Assert.Equal("packed", (await ParcelsAsync(runId)).GetProperty("parcelList")[0].GetProperty("status").GetString());
        var good = DeliveryApiFactory.CsvContent($"订单号,快递公司,快递单号\r\n{reference},顺丰速运,SF1234567890\r\n");
        var applied = await (await api.Support.PostAsync($"/api/v1/staff/print-runs/{runId}/tracking", good)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 0), (applied.GetProperty("shipped").GetInt32(), applied.GetProperty("enrollmentsCompleted").GetInt32()));
        var mine = await s.Student.GetFromJsonAsync<JsonElement>($"/api/v1/enrollments/{s.EnrollmentId}/prints");
        var myParcel = mine.GetProperty("parcels")[0];
        Assert.Equal(("shipped", "顺丰速运", "SF1234567890"), (myParcel.GetProperty("status").GetString(), myParcel.GetProperty("courier").GetString(),
            myParcel.GetProperty("trackingNumber").GetString()));
        var openId = await api.WithDbAsync(db => db.Students.Where(x => x.Id == s.StudentId).Select(x => x.OpenId).SingleAsync());
        await PaymentsApiFactory.Eventually(async () =>
        {
            var queued = await api.WithDbAsync(db => db.StudentMessages.Where(m => m.ToUser == openId && m.Template == MessageTemplate.OrderStatus)
                .ToListAsync());
            var sent = (await api.Emulator.GetFromJsonAsync<JsonElement[]>("/control/messages"))!.Select(m => m.GetProperty("message"))
                .Where(m => m.GetProperty("touser").GetString() == openId).Select(m => m.GetProperty("data").ToString());
            return queued.Any(m => m.ValueMap.Values.Any(v => v.Contains("SF1234567890"))) || sent.Any(d => d.Contains("SF1234567890"));
        }, "the shipping message");
        // Shipped, not delivered to CHSI yet: not complete. Shipped, the address may change again (for a reprint).
        Assert.Equal(EnrollmentStatus.Active, (await api.WithDbAsync(db => db.Enrollments.SingleAsync(e => e.Id == s.EnrollmentId))).Status);
        Assert.Equal(HttpStatusCode.OK, (await s.Student.PutAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/shipping", Address)).StatusCode);

        // A reprint (2 copies at 5 yuan) is paid, and the next run prints it alone: 2 prints on one sheet.
        await PayReprintAsync(s, 2, 1000);
        var (_, again, next) = await RunAsync(batchId);
        Assert.Equal((1, 1), (again.GetProperty("students").GetInt32(), again.GetProperty("sheets").GetInt32()));
        var nextPick = DeliveryApiFactory.Csv(DeliveryApiFactory.Read(next, "pick-list.csv")).Single();
        Assert.Equal("2", nextPick["张数"]);
        using (var pdf = PdfDocument.Open(DeliveryApiFactory.Read(next, $"sheets/{nextPick["包裹号"]}.pdf")))
            Assert.Equal(2, pdf.GetPage(1).GetImages().Count());
        var kinds = await api.WithDbAsync(db => db.PrintItems.Where(i => i.EnrollmentId == s.EnrollmentId).Select(i => i.Kind).ToListAsync());
        Assert.Equal([PrintItemKind.Included, PrintItemKind.Reprint], kinds.Order());
        // A reprint order never pays for the collection: the enrollment has exactly its one collection order paying.
        Assert.Equal(1, await api.WithDbAsync(db => db.Orders.Where(o => o.EnrollmentId == s.EnrollmentId).CountAsync(Order.Paying)));
    }

    [Fact]
    public async Task Class_packs_are_handed_over_and_an_enrollment_completes_only_when_its_photo_is_delivered_and_its_prints_are_done()
    {
        var (batch, batchId) = await BatchSellingAsync(new { layout = "small_two_inch", copies = 4, delivery = "school", caption = "{class} {name}" });
        var a = await api.StudentAsync(batch, "20271001");
        var b = await api.StudentAsync(batch, "20271002", className: "软工2班");
        await api.ApprovedAsync(a);
        await api.ApprovedAsync(b);

        // Delivered to CHSI first: not complete while the prints are not handed over.
        var package = await api.ChsiPackageAsync(batchId);
        var marked = await (await api.Support.PostAsync($"/api/v1/staff/packages/{package.GetProperty("id").GetGuid()}/delivered", null))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 0), (marked.GetProperty("delivered").GetInt32(), marked.GetProperty("enrollmentsCompleted").GetInt32()));

        var (runId, started, zip) = await RunAsync(batchId);
        Assert.Equal((2, 2), (started.GetProperty("parcels").GetInt32(), started.GetProperty("sheets").GetInt32()));
        var packs = (await ParcelsAsync(runId)).GetProperty("parcelList").EnumerateArray().ToList();
        Assert.Equal(["软工1班", "软工2班"], packs.Select(p => p.GetProperty("className").GetString()!).Order());
        Assert.All(packs, p => Assert.Equal("class_pack", p.GetProperty("kind").GetString()));
        using (var pdf = PdfDocument.Open(DeliveryApiFactory.Read(zip, $"sheets/{packs[0].GetProperty("reference").GetString()}.pdf")))
        {
            var images = pdf.GetPage(1).GetImages().ToList();
            Assert.Equal(4, images.Count);
            Assert.All(images, i => Assert.Equal((390, 567), (i.WidthInSamples, i.HeightInSamples))); // 小2寸 33 × 48 mm at 300 dpi
            Assert.Contains("软工1班李四", string.Concat(pdf.GetPage(1).Text.Where(c => !char.IsWhiteSpace(c)))); // "{class} {name}"
        }
        using (var labels = PdfDocument.Open(DeliveryApiFactory.Read(zip, "labels.pdf")))
            Assert.Contains("20271001", labels.GetPage(1).Text);
        await (await api.Support.PutAsJsonAsync($"/api/v1/staff/batches/{batchId}/prints", new { layout = "one_inch", copies = 4, delivery = "school" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "prints.locked");
        await (await api.Support.GetAsync($"/api/v1/staff/print-runs/{runId}/courier-export"))
            .AssertProblemAsync(HttpStatusCode.Conflict, "prints.nothing_to_ship");

        // A's pack handed over: A completes (both halves), B waits for its own pack.
        var packA = packs.Single(p => p.GetProperty("className").GetString() == "软工1班").GetProperty("id").GetGuid();
        var handed = await (await api.Support.PostAsync($"/api/v1/staff/parcels/{packA}/handed-over", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("handed_over", 1), (handed.GetProperty("parcel").GetProperty("status").GetString(),
            handed.GetProperty("enrollmentsCompleted").GetInt32()));
        var statuses = await api.WithDbAsync(db => db.Enrollments.Where(e => e.Id == a.EnrollmentId || e.Id == b.EnrollmentId)
            .ToDictionaryAsync(e => e.Id, e => e.Status));
        Assert.Equal((EnrollmentStatus.Completed, EnrollmentStatus.Active), (statuses[a.EnrollmentId], statuses[b.EnrollmentId]));
        Assert.Contains(await api.WithDbAsync(db => db.StatusChanges.Where(c => c.EntityId == a.EnrollmentId).Select(c => c.Reason).ToListAsync()),
            r => r == "prints handed to the school");
        // Nothing left to print: a second run is refused with the reason.
        await (await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/print-runs", null)).AssertProblemAsync(HttpStatusCode.Conflict,
            "prints.nothing_to_print");
    }
}
