using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class PhotoConfiguration : IEntityTypeConfiguration<Photo>
{
    public void Configure(EntityTypeBuilder<Photo> b)
    {
        b.Property(x => x.OriginalKey).HasMaxLength(200);
        b.Property(x => x.OriginalSha256).HasMaxLength(64);
        b.Property(x => x.ContentType).HasMaxLength(40);
        b.Property(x => x.NormalisedKey).HasMaxLength(200);
        b.Property(x => x.PHash).HasMaxLength(32);
        b.Property(x => x.CheckReport).HasColumnType("jsonb");
        b.Property(x => x.ReviewNote).HasMaxLength(500);
        b.Property(x => x.DeliveryAcknowledgement).HasMaxLength(20);
        b.Property(x => x.DeliveryFailure).HasMaxLength(200);
        b.HasIndex(x => x.DeliveryPackageId);
        b.HasIndex(x => new { x.Delivery, x.DeliveredAt });
        b.Property(x => x.Version).IsRowVersion();
        b.HasOne<Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
        // At most one photo per enrollment in progress or approved; check_failed, rejected and withdrawn do not count.
        b.HasIndex(x => x.EnrollmentId).IsUnique()
            .HasFilter("status in ('uploaded', 'checking', 'pending_review', 'approved')").HasDatabaseName("ix_photos_one_live_per_enrollment");
        b.HasIndex(x => new { x.EnrollmentId, x.CreatedAt });
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.HasIndex(x => new { x.BatchId, x.Status });
        b.HasIndex(x => x.OriginalSha256);
        b.OwnsOne(x => x.Shot, s =>
        {
            s.Property(p => p.ShotId).HasColumnName("shot_id");
            s.Property(p => p.CaptureId).HasMaxLength(64).HasColumnName("shot_capture_id");
            s.HasIndex(p => new { p.ShotId, p.CaptureId }).IsUnique().HasFilter("shot_capture_id is not null");
            s.Property(p => p.SessionId).HasColumnName("shot_session_id");
            s.Property(p => p.Station).HasColumnName("shot_station");
            s.Property(p => p.ShotNumber).HasColumnName("shot_number");
            s.Property(p => p.PhotographerId).HasColumnName("shot_photographer_id");
            // A retake is a new photo of the same shot: one shot number, several photos over time.
            s.HasIndex(p => new { p.SessionId, p.Station, p.ShotNumber });
        });
    }
}
