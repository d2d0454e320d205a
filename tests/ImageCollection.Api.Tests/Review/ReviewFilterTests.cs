using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Delivery;
using ImageCollection.Api.Tests.Infrastructure;

namespace ImageCollection.Api.Tests.Review;

/// <summary>Reviewers filter the queue by batch or school on the server, from a list of the batches with photos waiting.</summary>
public sealed class ReviewFilterTests(DeliveryApiFactory api) : IClassFixture<DeliveryApiFactory>
{
    [Fact]
    public async Task A_reviewer_lists_the_batches_waiting_and_gets_the_queue_of_one_batch_or_school_only()
    {
        var (first, firstId, _) = await api.SchoolBatchAsync();
        var (second, secondId, _) = await api.SchoolBatchAsync();
        var a = await api.InReviewAsync(await api.StudentAsync(first, "2023" + Random.Shared.Next(100000, 999999)));
        var b1 = await api.InReviewAsync(await api.StudentAsync(second, "2023" + Random.Shared.Next(100000, 999999)));
        var b2 = await api.InReviewAsync(await api.StudentAsync(second, "2023" + Random.Shared.Next(100000, 999999)));

        var batches = (await api.Reviewer.GetFromJsonAsync<JsonElement[]>("/api/v1/staff/reviews/batches"))!;
        var listedFirst = batches.Single(x => x.GetProperty("batchId").GetGuid() == firstId);
        var listedSecond = batches.Single(x => x.GetProperty("batchId").GetGuid() == secondId);
        Assert.Equal((1, first.GetProperty("featureCode").GetString()), (listedFirst.GetProperty("pending").GetInt32(),
            listedFirst.GetProperty("featureCode").GetString()));
        Assert.Equal(2, listedSecond.GetProperty("pending").GetInt32());
        Assert.False(string.IsNullOrEmpty(listedSecond.GetProperty("schoolName").GetString()));
        // Names and counts only: nothing of the batch's terms or its students.
        Assert.Equal(["batchId", "featureCode", "pending", "schoolId", "schoolName"],
            listedFirst.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var byBatch = (await api.Reviewer.GetFromJsonAsync<JsonElement[]>($"/api/v1/staff/reviews/queue?batchId={firstId}&limit=500"))!;
        Assert.Equal([a], byBatch.Select(q => q.GetProperty("photoId").GetGuid()));
        var schoolId = listedSecond.GetProperty("schoolId").GetGuid();
        var bySchool = (await api.Reviewer.GetFromJsonAsync<JsonElement[]>($"/api/v1/staff/reviews/queue?schoolId={schoolId}&limit=500"))!;
        Assert.Equal(new[] { b1, b2 }.Order(), bySchool.Select(q => q.GetProperty("photoId").GetGuid()).Order());

        await (await api.Reviewer.GetAsync("/api/v1/staff/reviews/queue?batchId=not-a-batch")).AssertProblemAsync(HttpStatusCode.BadRequest,
            "request.invalid");
        await (await api.Reviewer.GetAsync("/api/v1/staff/batches")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }
}
