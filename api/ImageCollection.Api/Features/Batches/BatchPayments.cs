using ImageCollection.Core.Data;

namespace ImageCollection.Api.Features.Batches;

/// <summary>Whether money has moved for a batch, which locks its fee and payer.</summary>
public static class BatchPayments
{
    /// <summary>
    /// True once any enrollment of the batch is paid (a paid order or a school payment). Orders and school payments
    /// arrive with the payments issue; until then no enrollment can be paid.
    /// </summary>
    public static Task<bool> AnyonePaidAsync(AppDbContext db, Guid batchId, CancellationToken ct) => Task.FromResult(false);
}
