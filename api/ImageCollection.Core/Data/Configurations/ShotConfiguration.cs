using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class ShotConfiguration : IEntityTypeConfiguration<Shot>
{
    public void Configure(EntityTypeBuilder<Shot> b)
    {
        b.HasIndex(x => new { x.SessionId, x.Station, x.Number }).IsUnique();
        b.HasIndex(x => x.EnrollmentId);
        // One shot per student and session: a second scan answers the first one's number.
        b.HasIndex(x => new { x.SessionId, x.EnrollmentId }).IsUnique();
        b.HasOne<CollectionSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
    }
}
