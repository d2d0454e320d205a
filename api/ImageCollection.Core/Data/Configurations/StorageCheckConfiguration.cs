using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class StorageCheckConfiguration : IEntityTypeConfiguration<StorageCheck>
{
    public void Configure(EntityTypeBuilder<StorageCheck> b)
    {
        b.Property(x => x.Detail).HasMaxLength(1000);
        b.Property(x => x.Version).IsRowVersion();
    }
}
