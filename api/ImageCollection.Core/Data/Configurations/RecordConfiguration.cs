using ImageCollection.Core.Auditing;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.ActorType).HasMaxLength(16);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.EntityType).HasMaxLength(40);
        b.Property(x => x.Before).HasColumnType("jsonb");
        b.Property(x => x.After).HasColumnType("jsonb");
        b.HasIndex(x => new { x.EntityType, x.EntityId });
        b.HasIndex(x => x.At);
    }
}

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

internal sealed class StorageCheckConfiguration : IEntityTypeConfiguration<StorageCheck>
{
    public void Configure(EntityTypeBuilder<StorageCheck> b)
    {
        b.Property(x => x.Detail).HasMaxLength(1000);
        b.Property(x => x.Version).IsRowVersion();
    }
}

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
