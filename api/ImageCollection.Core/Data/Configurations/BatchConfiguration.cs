using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> b)
    {
        b.Property(x => x.FeatureCode).HasMaxLength(6);
        b.Property(x => x.Population).HasMaxLength(40);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.FeatureCode).IsUnique();
        b.HasIndex(x => new { x.SchoolId, x.GraduationYear });
        b.HasOne(x => x.School).WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Sessions).WithOne().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}
