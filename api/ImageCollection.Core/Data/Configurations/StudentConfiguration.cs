using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class StudentConfiguration : IEntityTypeConfiguration<Student>
{
    public void Configure(EntityTypeBuilder<Student> b)
    {
        b.Property(x => x.OpenId).HasMaxLength(64);
        b.Property(x => x.UnionId).HasMaxLength(64);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.OpenId).IsUnique();
    }
}
