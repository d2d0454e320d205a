using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

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
