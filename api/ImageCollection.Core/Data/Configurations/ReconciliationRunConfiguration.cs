using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class ReconciliationRunConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> b)
    {
        b.Property(x => x.RequestedByType).HasMaxLength(16);
        b.Property(x => x.Error).HasMaxLength(500);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.RequestedAt);
        b.HasMany(x => x.Differences).WithOne().HasForeignKey(d => d.RunId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Differences).HasField("_differences").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
