using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class PackageJobConfiguration : IEntityTypeConfiguration<PackageJob>
{
    public void Configure(EntityTypeBuilder<PackageJob> b)
    {
        b.Property(x => x.Department).HasMaxLength(100);
        b.Property(x => x.ClassName).HasMaxLength(100);
        b.Property(x => x.RequestedByType).HasMaxLength(16);
        b.Property(x => x.UploadKey).HasMaxLength(200);
        b.Property(x => x.UploadId).HasMaxLength(200);
        b.Property(x => x.ObjectKey).HasMaxLength(200);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Error).HasMaxLength(500);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => new { x.BatchId, x.CreatedAt });
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
