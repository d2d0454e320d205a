using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class BulkRefundJobConfiguration : IEntityTypeConfiguration<BulkRefundJob>
{
    public void Configure(EntityTypeBuilder<BulkRefundJob> b)
    {
        b.Property(x => x.RequestedByType).HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(80);
        b.Property(x => x.PausedReason).HasMaxLength(200);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.BatchId);
    }
}
