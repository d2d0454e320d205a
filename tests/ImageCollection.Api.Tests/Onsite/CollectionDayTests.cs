using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Onsite;

/// <summary>
/// The collection day as schools run it, on the real stack (API on Kestrel, worker, PostgreSQL, S3, the WeChat Pay
/// emulator): walk-up students enrolled at the station, the school billed by headcount, the station's own QR for a
/// student who has not paid, late and repeated captures, retakes, and walk-in students finding their batch.
/// </summary>
public sealed class CollectionDayTests(CollectionDayTests.Fixture api) : IClassFixture<CollectionDayTests.Fixture>
{
    /// <summary>The real stack; staff log in often here (each role of each test).</summary>
    public sealed class Fixture : PhotoApiFactory
    {
        public Fixture() => Settings["Auth:StaffLoginPermitsPerMinute"] = "1000";
    }

    private async Task<HttpClient> StaffAsync(params string[] roles) => api.CreateClient((await api.LoginStaffAsync(roles)).Token);

    private static string Code(string schoolCode, int year = 2027, string idTail = "1234") =>
        TestCollectionCodeVerifier.Encode(new ChsiFacts("chsi-" + Guid.NewGuid().ToString("N")[..8], "李*", "4401**********" + idTail,
            schoolCode, year, ChsiFacts.Registered));

    /// <summary>A school, an open on-site batch with the given payer, and a session running now with two stations.</summary>
    private async Task<(JsonElement Batch, string SchoolCode, Guid SessionId)> DayAsync(string payer)
    {
        var support = await StaffAsync(StaffRoles.Support);
        var school = await Seed.SchoolAsync(support);
        var batch = await Seed.BatchAsync(support, school.GetProperty("id").GetGuid(), type: "onsite", payer: payer, feeFen: 2000);
        var session = await support.PostAsJsonAsync($"/api/v1/staff/batches/{batch.GetProperty("id").GetGuid()}/sessions", new
        {
            location = "体育馆", startsAt = DateTimeOffset.Now.AddHours(-1), endsAt = DateTimeOffset.Now.AddHours(3), stations = 2,
            groups = new[] { "数学2101" },
        });
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        return (batch, school.GetProperty("code").GetString()!, (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    private static Task<HttpResponseMessage> Scan(HttpClient photographer, Guid sessionId, int station, string code, bool walkUp = false,
        string? className = null) =>
        photographer.PostAsJsonAsync("/api/v1/staff/onsite/scan", new
        {
            sessionId, station, collectionCode = code,
            walkUp = walkUp ? new { agreementVersion = "2026-09", idLast4 = "1234", major = "数学与应用数学", className } : null,
        });

    private Task<HttpResponseMessage> CaptureAsync(HttpClient photographer, Guid shotId, string? captureId, byte[]? jpeg = null)
    {
        var content = new ByteArrayContent(jpeg ?? api.GoodPhoto());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/staff/onsite/shots/{shotId}/photo") { Content = content };
        if (captureId is not null) request.Headers.Add("Capture-Id", captureId);
        return photographer.SendAsync(request);
    }

    /// <summary>The station polls the shot until the automatic check has spoken.</summary>
    private static async Task<JsonElement> VerdictAsync(HttpClient photographer, Guid shotId) =>
        await PhotoApiFactory.EventuallyValue(async () => await photographer.GetFromJsonAsync<JsonElement>($"/api/v1/staff/onsite/shots/{shotId}"),
            s => s.GetProperty("photo").ValueKind == JsonValueKind.Object && s.GetProperty("photo").GetProperty("checkVerdict").ValueKind != JsonValueKind.Null,
            "check verdict");

    [Fact]
    public async Task A_walk_up_student_is_scanned_shot_captured_checked_and_billed_to_the_school_statement()
    {
        var (batch, schoolCode, sessionId) = await DayAsync(payer: "school");
        var batchId = batch.GetProperty("id").GetGuid();
        var photographer = await StaffAsync(StaffRoles.Photographer);
        var code = Code(schoolCode);

        // Not enrolled: the station first asks for the student's confirmation, then enrolls the student from the code.
        await (await Scan(photographer, sessionId, 1, code)).AssertProblemAsync(HttpStatusCode.Conflict, "onsite.consent_required");
        Assert.Equal(0, await api.WithDbAsync(db => db.Enrollments.CountAsync(e => e.BatchId == batchId)));
        var scanned = await Scan(photographer, sessionId, 1, code, walkUp: true);
        Assert.Equal(HttpStatusCode.OK, scanned.StatusCode);
        var shot = await scanned.Content.ReadFromJsonAsync<JsonElement>();
        var shotId = shot.GetProperty("shotId").GetGuid();
        Assert.Equal((1, true, "数学2101"), (shot.GetProperty("shotNumber").GetInt32(), shot.GetProperty("walkUp").GetBoolean(),
            shot.GetProperty("className").GetString()));
        var enrollment = await api.WithDbAsync(db => db.Enrollments.AsNoTracking().SingleAsync(e => e.BatchId == batchId));
        Assert.Null(enrollment.StudentId);
        Assert.Equal(("2026-09", sessionId, 1), (enrollment.Consent.AgreementVersion, enrollment.Consent.SessionId, enrollment.Consent.Station));
        Assert.NotNull(enrollment.Consent.StaffId);

        // Scanned again, at this station or the other one: the same shot, not a second number.
        foreach (var station in new[] { 1, 2 })
        {
            var again = await (await Scan(photographer, sessionId, station, code)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((shotId, 1), (again.GetProperty("shotId").GetGuid(), again.GetProperty("shotNumber").GetInt32()));
        }

        // Captured, checked within seconds, and the verdict is on the shot.
        var captured = await CaptureAsync(photographer, shotId, "cam1-0001");
        Assert.Equal(HttpStatusCode.Created, captured.StatusCode);
        var verdict = await VerdictAsync(photographer, shotId);
        Assert.Equal("pending_review", verdict.GetProperty("photo").GetProperty("status").GetString());
        Assert.Empty(verdict.GetProperty("photo").GetProperty("failedRules").EnumerateArray());
        var queue = await photographer.GetFromJsonAsync<JsonElement>($"/api/v1/staff/onsite/sessions/{sessionId}/stations/1/queue");
        Assert.Equal(shotId, queue.EnumerateArray().Single().GetProperty("shotId").GetGuid());

        // Billed by headcount: one photographed student of 数学2101 at the batch's fee.
        var support = await StaffAsync(StaffRoles.Support);
        var statement = await support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/statement");
        var line = statement.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(("数学与应用数学", "数学2101", 1, 2000L, 2000L), (line.GetProperty("department").GetString(), line.GetProperty("className").GetString(),
            line.GetProperty("photographed").GetInt32(), line.GetProperty("totalFen").GetInt64(), line.GetProperty("dueFen").GetInt64()));
        Assert.Equal((2000L, 0L, 2000L), (statement.GetProperty("totalFen").GetInt64(), statement.GetProperty("paidFen").GetInt64(),
            statement.GetProperty("dueFen").GetInt64()));
    }

    [Fact]
    public async Task The_statement_totals_take_a_school_payment_and_refuse_a_double_or_an_over_recording()
    {
        var (batch, schoolCode, sessionId) = await DayAsync(payer: "school");
        var batchId = batch.GetProperty("id").GetGuid();
        var photographer = await StaffAsync(StaffRoles.Photographer);
        foreach (var (className, count) in new[] { ("数学2101", 2), ("物理2102", 1) })
            for (var i = 0; i < count; i++)
            {
                var shot = await (await Scan(photographer, sessionId, 1, Code(schoolCode), walkUp: true, className)).Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(HttpStatusCode.Created, (await CaptureAsync(photographer, shot.GetProperty("shotId").GetGuid(), null)).StatusCode);
            }
        var support = await StaffAsync(StaffRoles.Support);
        var url = $"/api/v1/staff/batches/{batchId}/statement";
        var statement = await support.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal((3, 6000L, 6000L), (statement.GetProperty("photographed").GetInt32(), statement.GetProperty("totalFen").GetInt64(),
            statement.GetProperty("dueFen").GetInt64()));

        object Payment(long fen, string reference) => new { amountFen = fen, reference, department = "数学与应用数学", className = "数学2101" };
        var paid = await support.PostAsJsonAsync($"{url}/payments", Payment(3000, "ZZ-2027-0001"));
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var after = await paid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3000L, 3000L), (after.GetProperty("paidFen").GetInt64(), after.GetProperty("dueFen").GetInt64()));
        var math = after.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("className").GetString() == "数学2101");
        Assert.Equal((4000L, 3000L, 1000L), (math.GetProperty("totalFen").GetInt64(), math.GetProperty("paidFen").GetInt64(),
            math.GetProperty("dueFen").GetInt64()));

        // The same transfer recorded again, or more than the line still owes: refused, nothing written.
        await (await support.PostAsJsonAsync($"{url}/payments", Payment(1000, "ZZ-2027-0001")))
            .AssertProblemAsync(HttpStatusCode.Conflict, "school_payment.duplicate_reference");
        await (await support.PostAsJsonAsync($"{url}/payments", Payment(1001, "ZZ-2027-0002"))).AssertProblemAsync(HttpStatusCode.Conflict,
            "statement.overpaid");
        await (await support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/school-payments", new
        {
            amountFen = 2000, reference = "ZZ-2027-0001", major = "数学与应用数学",
        })).AssertProblemAsync(HttpStatusCode.Conflict, "school_payment.duplicate_reference");
        Assert.Equal(1, await api.WithDbAsync(db => db.SchoolPayments.CountAsync(p => p.BatchId == batchId)));

        // Paid in full: the line's students count as paid.
        var full = await (await support.PostAsJsonAsync($"{url}/payments", Payment(1000, "ZZ-2027-0002"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4000L, 2000L), (full.GetProperty("paidFen").GetInt64(), full.GetProperty("dueFen").GetInt64()));
        Assert.Equal(2, await api.WithDbAsync(db => db.SchoolPaymentEnrollments.CountAsync(s =>
            db.SchoolPayments.Any(p => p.Id == s.SchoolPaymentId && p.BatchId == batchId))));

        // The students still unpaid (the console's pick for a payment of chosen students), then paid by their ids.
        var enrollments = $"/api/v1/staff/batches/{batchId}/enrollments?status=active";
        var unpaid = await support.GetFromJsonAsync<JsonElement>($"{enrollments}&paid=false");
        Assert.Equal(["物理2102"], unpaid.EnumerateArray().Select(e => e.GetProperty("enrollment").GetProperty("identity").GetProperty("className").GetString()));
        Assert.Equal(2, (await support.GetFromJsonAsync<JsonElement>($"{enrollments}&paid=true")).GetArrayLength());
        var chosen = await support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/school-payments", new
        {
            amountFen = 2000, reference = "ZZ-2027-0003", enrollmentIds = new[] { unpaid[0].GetProperty("enrollment").GetProperty("id").GetGuid() },
        });
        Assert.Equal(HttpStatusCode.Created, chosen.StatusCode);
        Assert.Equal(0, (await support.GetFromJsonAsync<JsonElement>($"{enrollments}&paid=false")).GetArrayLength());

        // Downloads, and the school's own staff see theirs (another school's do not).
        var csv = await support.GetAsync($"{url}?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF", text);
        Assert.Contains("物理2102", text);
        Assert.Contains("合计", text);
        var xlsx = await support.GetAsync($"{url}?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.Content.ReadAsByteArrayAsync())[..2]);
        var own = api.CreateClient((await api.LoginStaffAsync([StaffRoles.School], [schoolCode])).Token);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync(url)).StatusCode);
        var other = api.CreateClient((await api.LoginStaffAsync([StaffRoles.School], [Seed.NextSchoolCode()])).Token);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        var settlement = await own.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/settlement");
        // The line's 4000 and the 2000 for the student chosen by id.
        Assert.Equal((0L, 6000L, 6000L), (settlement.GetProperty("paidFen").GetInt64(), settlement.GetProperty("schoolPaymentsFen").GetInt64(),
            settlement.GetProperty("receivedFen").GetInt64()));
    }

    [Fact]
    public async Task Simultaneous_scans_of_one_walk_up_student_make_one_enrollment_and_one_shot()
    {
        var (batch, schoolCode, sessionId) = await DayAsync(payer: "school");
        var photographer = await StaffAsync(StaffRoles.Admin); // admins work any station
        var code = Code(schoolCode);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Scan(photographer, sessionId, 1 + i % 2, code, walkUp: true)));
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        Assert.All(answers, (a, i) => Assert.True(a.StatusCode == HttpStatusCode.OK, bodies[i]));
        Assert.Single(bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("shotId").GetGuid()).Distinct());
        var batchId = batch.GetProperty("id").GetGuid();
        Assert.Equal(1, await api.WithDbAsync(db => db.Enrollments.CountAsync(e => e.BatchId == batchId)));
        Assert.Equal(1, await api.WithDbAsync(db => db.Shots.CountAsync(s => s.SessionId == sessionId)));
    }

    [Fact]
    public async Task Simultaneous_recordings_of_a_statement_line_never_pay_more_than_is_due()
    {
        var (batch, schoolCode, sessionId) = await DayAsync(payer: "school");
        var photographer = await StaffAsync(StaffRoles.Photographer);
        var shot = await (await Scan(photographer, sessionId, 1, Code(schoolCode), walkUp: true)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, (await CaptureAsync(photographer, shot.GetProperty("shotId").GetGuid(), null)).StatusCode);
        var support = await StaffAsync(StaffRoles.Support);
        var url = $"/api/v1/staff/batches/{batch.GetProperty("id").GetGuid()}/statement/payments";
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => support.PostAsJsonAsync(url, new
        {
            amountFen = 2000, reference = $"PAR-{i}", department = "数学与应用数学", className = "数学2101",
        })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "statement.overpaid");
        var batchId = batch.GetProperty("id").GetGuid();
        Assert.Equal(2000, await api.WithDbAsync(db => db.SchoolPayments.Where(p => p.BatchId == batchId).SumAsync(p => p.AmountFen)));
    }

    [Fact]
    public async Task A_student_paid_walk_up_pays_by_the_stations_native_qr_and_is_then_shot()
    {
        var (batch, schoolCode, sessionId) = await DayAsync(payer: "student");
        var photographer = await StaffAsync(StaffRoles.Photographer);
        var code = Code(schoolCode);
        var unpaid = await Scan(photographer, sessionId, 2, code, walkUp: true);
        await unpaid.AssertProblemAsync(HttpStatusCode.Conflict, "onsite.unpaid");
        var problem = JsonDocument.Parse(await unpaid.Content.ReadAsStringAsync()).RootElement;
        var enrollmentId = problem.GetProperty("enrollmentId").GetGuid();
        Assert.Equal(2000, problem.GetProperty("feeFen").GetInt64());

        var qr = await photographer.PostAsJsonAsync($"/api/v1/staff/onsite/enrollments/{enrollmentId}/native-order", new { sessionId, station = 2 });
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        var order = await qr.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("weixin://wxpay/bizpayurl?pr=", order.GetProperty("codeUrl").GetString());
        Assert.Equal(("pending_payment", 2000L), (order.GetProperty("status").GetString(), order.GetProperty("amountFen").GetInt64()));
        // Asked again (the screen was refreshed): the same QR.
        var again = await (await photographer.PostAsJsonAsync($"/api/v1/staff/onsite/enrollments/{enrollmentId}/native-order",
            new { sessionId, station = 2 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(order.GetProperty("orderId").GetGuid(), again.GetProperty("orderId").GetGuid());

        // The student scans the QR with WeChat and pays; the signed notification comes through the emulator.
        var payer = "oStation" + Guid.NewGuid().ToString("N")[..20];
        await api.PayAsync(order.GetProperty("outTradeNo").GetString()!, new { openId = payer });
        var orderId = order.GetProperty("orderId").GetGuid();
        var paid = await PhotoApiFactory.EventuallyValue(async () => await photographer.GetFromJsonAsync<JsonElement>($"/api/v1/staff/onsite/orders/{orderId}"),
            o => o.GetProperty("status").GetString() == "paid", "paid at the station");
        Assert.NotEqual(JsonValueKind.Null, paid.GetProperty("paidAt").ValueKind);
        var stored = await api.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId));
        Assert.Equal((TradeType.Native, payer, (Guid?)null), (stored.TradeType, stored.PayerOpenId, stored.StudentId));

        var shot = await Scan(photographer, sessionId, 2, code);
        Assert.Equal(HttpStatusCode.OK, shot.StatusCode);
        Assert.Equal(1, (await shot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shotNumber").GetInt32());

        // Later the student opens the mini-program with the same code: the station's enrollment becomes theirs, paid.
        var (studentId, token) = await api.LoginStudentAsync("walkup" + Guid.NewGuid().ToString("N")[..8]);
        var student = api.CreateClient(token);
        var claimed = await student.PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments", new
        {
            acceptAgreement = true, agreementVersion = "2026-09", method = "collection_code", collectionCode = code, idLast4 = "1234", name = "李四",
        });
        Assert.True(claimed.IsSuccessStatusCode, await claimed.Content.ReadAsStringAsync());
        Assert.Equal(enrollmentId, (await claimed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(studentId, await api.WithDbAsync(db => db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.StudentId).SingleAsync()));
    }

    [Fact]
    public async Task A_late_capture_sent_twice_stores_one_photo_and_a_retake_replaces_the_unreviewed_one()
    {
        var (_, schoolCode, sessionId) = await DayAsync(payer: "school");
        var photographer = await StaffAsync(StaffRoles.Photographer);
        var code = Code(schoolCode);
        var shot = await (await Scan(photographer, sessionId, 1, code, walkUp: true)).Content.ReadFromJsonAsync<JsonElement>();
        var shotId = shot.GetProperty("shotId").GetGuid();
        var enrollmentId = shot.GetProperty("enrollmentId").GetGuid();
        int Originals() => Directory.EnumerateFiles(api.S3.BucketFolder(api.Bucket), "*", SearchOption.AllDirectories)
            .Count(f => f.Contains("originals") && f.Contains(enrollmentId.ToString("N")));

        // The station was offline: it sends the capture when it is back, and its retry sends it once more.
        var first = await CaptureAsync(photographer, shotId, "cam2-0042");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var stored = Originals();
        Assert.True(stored > 0);
        var resent = await CaptureAsync(photographer, shotId, "cam2-0042");
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(firstId, (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await api.WithDbAsync(db => db.Photos.CountAsync(p => p.EnrollmentId == enrollmentId)));
        Assert.Equal(stored, Originals());
        await VerdictAsync(photographer, shotId);

        // The student blinked: a retake replaces the photo nobody has reviewed yet.
        var retake = await CaptureAsync(photographer, shotId, "cam2-0043");
        Assert.Equal(HttpStatusCode.Created, retake.StatusCode);
        var retakeId = (await retake.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var replaced = await api.PhotoAsync(firstId);
        Assert.Equal(PhotoStatus.Withdrawn, replaced.Status);
        var now = await VerdictAsync(photographer, shotId);
        Assert.Equal(retakeId, now.GetProperty("photo").GetProperty("photoId").GetGuid());
        Assert.Equal("pending_review", now.GetProperty("photo").GetProperty("status").GetString());

        // Approved: the shot is locked, and scanning the student again says when and where.
        var reviewer = await StaffAsync(StaffRoles.Reviewer);
        Assert.True((await reviewer.PostAsync($"/api/v1/staff/reviews/{retakeId}/claim", null)).IsSuccessStatusCode);
        Assert.True((await reviewer.PostAsync($"/api/v1/staff/reviews/{retakeId}/approve", null)).IsSuccessStatusCode);
        await (await CaptureAsync(photographer, shotId, "cam2-0044")).AssertProblemAsync(HttpStatusCode.Conflict, "onsite.locked");
        var rescan = await Scan(photographer, sessionId, 2, code);
        await rescan.AssertProblemAsync(HttpStatusCode.Conflict, "onsite.already_captured");
        Assert.Contains("体育馆, station 1", await rescan.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Photographers_work_the_stations_they_are_assigned_and_see_them_today()
    {
        var (batch, schoolCode, sessionId) = await DayAsync(payer: "school");
        var support = await StaffAsync(StaffRoles.Support);
        var (mine, myToken) = await api.LoginStaffAsync([StaffRoles.Photographer]);
        var me = api.CreateClient(myToken);
        var other = await StaffAsync(StaffRoles.Photographer);
        var assign = $"/api/v1/staff/batches/{batch.GetProperty("id").GetGuid()}/sessions/{sessionId}/stations/2/photographers/{mine}";
        Assert.Equal(HttpStatusCode.NoContent, (await support.PutAsync(assign, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await support.PutAsync(assign, null)).StatusCode);

        var today = await me.GetFromJsonAsync<JsonElement>("/api/v1/staff/onsite/today");
        var session = today.EnumerateArray().Single(s => s.GetProperty("sessionId").GetGuid() == sessionId);
        Assert.Equal([false, true], session.GetProperty("stations").EnumerateArray().Select(s => s.GetProperty("assignedToMe").GetBoolean()));
        var others = await other.GetFromJsonAsync<JsonElement>("/api/v1/staff/onsite/today");
        Assert.DoesNotContain(others.EnumerateArray(), s => s.GetProperty("sessionId").GetGuid() == sessionId);

        var code = Code(schoolCode);
        await (await Scan(other, sessionId, 2, code, walkUp: true)).AssertProblemAsync(HttpStatusCode.Forbidden, "onsite.not_assigned");
        await (await Scan(me, sessionId, 1, code, walkUp: true)).AssertProblemAsync(HttpStatusCode.Forbidden, "onsite.not_assigned");
        Assert.Equal(HttpStatusCode.OK, (await Scan(me, sessionId, 2, code, walkUp: true)).StatusCode);
        var assignments = await support.GetFromJsonAsync<JsonElement>(
            $"/api/v1/staff/batches/{batch.GetProperty("id").GetGuid()}/sessions/{sessionId}/assignments");
        Assert.Equal(mine, assignments.EnumerateArray().Single().GetProperty("photographerId").GetGuid());
    }

    [Fact]
    public async Task Walk_in_students_find_their_batch_by_school_and_region_code_with_the_studio_and_notice()
    {
        var support = await StaffAsync(StaffRoles.Support);
        var school = await Seed.SchoolAsync(support);
        var (schoolId, schoolCode) = (school.GetProperty("id").GetGuid(), school.GetProperty("code").GetString()!);
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var created = await support.PostAsJsonAsync("/api/v1/staff/batches", new
        {
            schoolId, collectionType = "walk_in",
            terms = new
            {
                population = "全日制", graduationYear = 2027, feeFen = 3000, payer = "student",
                paymentOpensAt = now.AddDays(-1), paymentClosesAt = now.AddDays(30), collectionOpensAt = now.AddDays(-1), collectionClosesAt = now.AddDays(30),
                studio = new { address = "广州市天河区五山路1号 影像工作室", openingHours = "周一至周五 9:00–17:00", phones = "020-12345678" },
                notice = new { contacts = "王老师 020-87654321", assembly = "凭学信网采集码到工作室拍摄", dress = "着深色有领上衣，不戴眼镜" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var walkIn = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsync($"/api/v1/staff/batches/{walkIn.GetProperty("id").GetGuid()}/open", null)).StatusCode);
        await Seed.BatchAsync(support, schoolId, type: "onsite");
        await Seed.BatchAsync(support, schoolId, type: "walk_in", open: false); // a draft is not listed

        var anonymous = api.CreateClient();
        var found = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/batches?schoolCode={schoolCode}&regionCode=19&type=walk_in");
        var listing = found.EnumerateArray().Single();
        Assert.Equal(walkIn.GetProperty("featureCode").GetString(), listing.GetProperty("featureCode").GetString());
        Assert.Equal("广州市天河区五山路1号 影像工作室", listing.GetProperty("studio").GetProperty("address").GetString());
        Assert.Equal(2, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/batches?schoolCode={schoolCode}&regionCode=19")).GetArrayLength());
        Assert.Equal(0, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/batches?schoolCode={schoolCode}&regionCode=44")).GetArrayLength());
        await (await anonymous.GetAsync("/api/v1/batches?schoolCode=12&regionCode=19")).AssertValidationProblemAsync("schoolCode");

        var facts = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{listing.GetProperty("featureCode").GetString()}");
        Assert.Equal("020-12345678", facts.GetProperty("studio").GetProperty("phones").GetString());
        Assert.Equal("着深色有领上衣，不戴眼镜", facts.GetProperty("notice").GetProperty("dress").GetString());

        // The studio works like a station.
        var studioSession = await support.PostAsJsonAsync($"/api/v1/staff/batches/{walkIn.GetProperty("id").GetGuid()}/sessions", new
        {
            location = "影像工作室", startsAt = DateTimeOffset.Now.AddHours(-1), endsAt = DateTimeOffset.Now.AddHours(6), stations = 1,
        });
        Assert.Equal(HttpStatusCode.Created, studioSession.StatusCode);
    }

    [Fact]
    public async Task Online_and_onsite_group_collection_exclude_each_other_even_when_their_windows_do_not_overlap()
    {
        var support = await StaffAsync(StaffRoles.Support);
        var school = await Seed.SchoolAsync(support);
        var (schoolId, schoolCode) = (school.GetProperty("id").GetGuid(), school.GetProperty("code").GetString()!);
        var online = await Seed.BatchAsync(support, schoolId, closesIn: TimeSpan.FromDays(5));
        var onsite = await Seed.BatchAsync(support, schoolId, type: "onsite", opensIn: TimeSpan.FromDays(20), closesIn: TimeSpan.FromDays(21));
        var makeUp = await Seed.BatchAsync(support, schoolId, type: "makeup");
        var (_, token) = await api.LoginStudentAsync("either" + Guid.NewGuid().ToString("N")[..8]);
        var student = api.CreateClient(token);
        var code = Code(schoolCode);
        object Body(string c) => new { acceptAgreement = true, agreementVersion = "2026-09", method = "collection_code", collectionCode = c, idLast4 = "1234",
            name = "李四" };
        Task<HttpResponseMessage> Enroll(JsonElement b, string c) =>
            student.PostAsJsonAsync($"/api/v1/batches/{b.GetProperty("featureCode").GetString()}/enrollments", Body(c));

        Assert.True((await Enroll(online, code)).IsSuccessStatusCode);
        await (await Enroll(onsite, code)).AssertProblemAsync(HttpStatusCode.Conflict, "enrollment.conflict");
        // Make-up batches take earlier cohorts; a group batch takes only its own year.
        var earlier = Code(schoolCode, year: 2025);
        Assert.True((await Enroll(makeUp, earlier)).IsSuccessStatusCode);
        await (await Enroll(online, Code(schoolCode, year: 2025))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "enrollment.wrong_graduation_year");
    }
}
