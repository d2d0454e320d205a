using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class StationCounterConfiguration : IEntityTypeConfiguration<StationCounter>
{
    public void Configure(EntityTypeBuilder<StationCounter> b) => b.HasKey(x => new { x.SessionId, x.Station });
}
