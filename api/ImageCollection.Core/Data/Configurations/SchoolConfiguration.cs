using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Code).HasMaxLength(5).IsFixedLength(false);
        b.Property(x => x.RegionCode).HasMaxLength(2);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.Code).IsUnique();
    }
}

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

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> b)
    {
        b.Property(x => x.UserName).HasMaxLength(64);
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.PasswordHash).HasMaxLength(200);
        b.Property(x => x.SecurityStamp).HasMaxLength(32);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.UserName).IsUnique();
    }
}
