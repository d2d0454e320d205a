using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class BulkRefundPreviewConfiguration : IEntityTypeConfiguration<BulkRefundPreview>
{
    public void Configure(EntityTypeBuilder<BulkRefundPreview> b)
    {
        b.Property(x => x.RequestedByType).HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(80);
        b.Property(x => x.Refunds).HasColumnType("jsonb");
        b.Property(x => x.Version).IsRowVersion();
        b.Ignore(x => x.RefundList);
        b.HasIndex(x => x.BatchId);
    }
}
