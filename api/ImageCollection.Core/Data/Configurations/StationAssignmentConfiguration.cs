using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class StationAssignmentConfiguration : IEntityTypeConfiguration<StationAssignment>
{
    public void Configure(EntityTypeBuilder<StationAssignment> b)
    {
        b.HasIndex(x => new { x.SessionId, x.Station, x.PhotographerId }).IsUnique();
        b.HasIndex(x => x.PhotographerId);
        b.HasOne<CollectionSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
