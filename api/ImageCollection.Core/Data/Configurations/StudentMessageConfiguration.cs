using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class StudentMessageConfiguration : IEntityTypeConfiguration<StudentMessage>
{
    public void Configure(EntityTypeBuilder<StudentMessage> b)
    {
        b.Property(x => x.ToUser).HasMaxLength(64);
        b.Property(x => x.Page).HasMaxLength(200);
        b.Property(x => x.Values).HasColumnType("jsonb");
        b.Property(x => x.LastError).HasMaxLength(200);
        b.Ignore(x => x.ValueMap);
        b.Ignore(x => x.GivenUp);
        // The sender takes the oldest due rows.
        b.HasIndex(x => x.NextAttemptAt);
    }
}
