using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class CollectionSessionConfiguration : IEntityTypeConfiguration<CollectionSession>
{
    public void Configure(EntityTypeBuilder<CollectionSession> b)
    {
        b.Property(x => x.Location).HasMaxLength(200);
        b.Property(x => x.Notes).HasMaxLength(1000);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => new { x.BatchId, x.StartsAt });
    }
}
