using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class SchoolPaymentConfiguration : IEntityTypeConfiguration<SchoolPayment>
{
    public void Configure(EntityTypeBuilder<SchoolPayment> b)
    {
        b.Property(x => x.Reference).HasMaxLength(100);
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasIndex(x => x.BatchId);
        // The same transfer recorded twice is refused, whoever records it.
        b.HasIndex(x => new { x.BatchId, x.Reference }).IsUnique();
        b.OwnsOne(x => x.Group, g =>
        {
            g.Property(p => p.Department).HasMaxLength(100).HasColumnName("statement_department");
            g.Property(p => p.ClassName).HasMaxLength(100).HasColumnName("statement_class");
        });
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Enrollments).WithOne().HasForeignKey(x => x.SchoolPaymentId).OnDelete(DeleteBehavior.Cascade);
    }
}
