using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class ReconciliationDifferenceConfiguration : IEntityTypeConfiguration<ReconciliationDifference>
{
    public void Configure(EntityTypeBuilder<ReconciliationDifference> b)
    {
        // Found through the run's collection with its id already set: new, not an existing row to update.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.OutTradeNo).HasMaxLength(32);
        b.Property(x => x.TransactionId).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(2000);
        b.HasIndex(x => x.RunId);
    }
}
