using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class PrintItemConfiguration : IEntityTypeConfiguration<PrintItem>
{
    public void Configure(EntityTypeBuilder<PrintItem> b)
    {
        b.Property(x => x.Version).IsRowVersion();
        b.Ignore(x => x.IsWaiting);
        b.HasIndex(x => new { x.BatchId, x.RunId });
        b.HasIndex(x => x.EnrollmentId);
        b.HasIndex(x => x.ParcelId);
        // One included set per enrollment; one reprint item per paying order.
        b.HasIndex(x => x.EnrollmentId, "one_included").IsUnique().HasFilter("kind = 'included'").HasDatabaseName("ix_print_items_one_included");
        b.HasIndex(x => x.OrderId).IsUnique().HasFilter("order_id is not null");
        b.HasOne<Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_print_items_copies", "copies between 1 and 100"));
    }
}

internal sealed class ParcelConfiguration : IEntityTypeConfiguration<Parcel>
{
    public void Configure(EntityTypeBuilder<Parcel> b)
    {
        b.Property(x => x.Reference).HasMaxLength(32);
        b.HasIndex(x => x.Reference).IsUnique();
        b.Property(x => x.Department).HasMaxLength(100);
        b.Property(x => x.ClassName).HasMaxLength(100);
        b.Property(x => x.Contents).HasMaxLength(100);
        b.Property(x => x.Courier).HasMaxLength(40);
        b.Property(x => x.TrackingNumber).HasMaxLength(40);
        b.Property(x => x.Version).IsRowVersion();
        b.Ignore(x => x.IsDone);
        b.HasIndex(x => x.RunId);
        b.HasIndex(x => x.EnrollmentId);
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PackageJob>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        b.OwnsOne(x => x.Recipient, ShippingColumns.Map);
    }
}
