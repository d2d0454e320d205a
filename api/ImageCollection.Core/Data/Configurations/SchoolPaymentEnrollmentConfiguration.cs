using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class SchoolPaymentEnrollmentConfiguration : IEntityTypeConfiguration<SchoolPaymentEnrollment>
{
    public void Configure(EntityTypeBuilder<SchoolPaymentEnrollment> b)
    {
        b.HasKey(x => new { x.SchoolPaymentId, x.EnrollmentId });
        b.HasIndex(x => x.EnrollmentId).IsUnique();
        b.HasOne<Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
