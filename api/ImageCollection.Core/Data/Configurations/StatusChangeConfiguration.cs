using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class StatusChangeConfiguration : IEntityTypeConfiguration<StatusChange>
{
    public void Configure(EntityTypeBuilder<StatusChange> b)
    {
        b.Property(x => x.EntityType).HasMaxLength(40);
        b.Property(x => x.FromStatus).HasMaxLength(40);
        b.Property(x => x.ToStatus).HasMaxLength(40);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.Property(x => x.ActorType).HasMaxLength(16);
        b.HasIndex(x => new { x.EntityType, x.EntityId });
    }
}
