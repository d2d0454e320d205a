using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> b)
    {
        b.Property(x => x.FeatureCode).HasMaxLength(6);
        b.Property(x => x.Population).HasMaxLength(40);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.FeatureCode).IsUnique();
        b.HasIndex(x => new { x.SchoolId, x.GraduationYear });
        b.HasOne(x => x.School).WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Sessions).WithOne().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        b.OwnsOne(x => x.Studio, s =>
        {
            s.Property(p => p.Address).HasMaxLength(200).HasColumnName("studio_address");
            s.Property(p => p.OpeningHours).HasMaxLength(200).HasColumnName("studio_hours");
            s.Property(p => p.Phones).HasMaxLength(100).HasColumnName("studio_phones");
        });
        b.OwnsOne(x => x.Notice, n =>
        {
            n.Property(p => p.Contacts).HasMaxLength(500).HasColumnName("notice_contacts");
            n.Property(p => p.Assembly).HasMaxLength(1000).HasColumnName("notice_assembly");
            n.Property(p => p.Dress).HasMaxLength(1000).HasColumnName("notice_dress");
        });
        b.OwnsOne(x => x.Prints, n =>
        {
            n.Property(p => p.Layout).HasColumnName("prints_layout");
            n.Property(p => p.Copies).HasColumnName("prints_copies");
            n.Property(p => p.Caption).HasMaxLength(60).HasColumnName("prints_caption");
            n.Property(p => p.Delivery).HasColumnName("prints_delivery");
            n.Property(p => p.ReprintFeeFen).HasColumnName("prints_reprint_fee_fen");
            n.Ignore(p => p.Format);
        });
        b.Ignore(x => x.HasStations);
        b.Ignore(x => x.PostsPrints);
    }
}
