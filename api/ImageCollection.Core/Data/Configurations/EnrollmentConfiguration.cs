using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> b)
    {
        b.Property(x => x.Version).IsRowVersion();
        b.HasOne(x => x.Batch).WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
        // One live enrollment per student per batch; a withdrawn or refunded one does not block enrolling again.
        b.HasIndex(x => new { x.BatchId, x.StudentId }).IsUnique().HasFilter("status in ('active', 'completed')");
        b.HasIndex(x => x.StudentId);

        b.OwnsOne(x => x.Identity, i =>
        {
            i.Property(p => p.Name).HasMaxLength(100).HasColumnName("name");
            i.Property(p => p.Method).HasColumnName("identity_method");
            i.Property(p => p.CollectionCodeVerified).HasColumnName("collection_code_verified");
            i.Property(p => p.ChsiFacts).HasColumnType("jsonb").HasColumnName("chsi_facts");
            i.Property(p => p.Sex).HasColumnName("sex");
            i.Property(p => p.IdType).HasColumnName("id_type");
            i.Property(p => p.IdLast4).HasMaxLength(4).HasColumnName("id_last4");
            i.Property(p => p.Major).HasMaxLength(100).HasColumnName("major");
            i.Property(p => p.ClassName).HasMaxLength(100).HasColumnName("class_name");
            i.Property(p => p.EducationLevel).HasMaxLength(40).HasColumnName("education_level");
            i.Property(p => p.SchoolName).HasMaxLength(100).HasColumnName("school_name");
            i.Property(p => p.SchoolCategory).HasMaxLength(40).HasColumnName("school_category");
            i.Property(p => p.Email).HasMaxLength(254).HasColumnName("email");
            Protected(i, p => p.CollectionCode, "collection_code");
            Protected(i, p => p.StudentNumber, "student_number");
            Protected(i, p => p.IdNumber, "id_number");
            Protected(i, p => p.Phone, "phone");
        });
        b.OwnsOne(x => x.Consent, c =>
        {
            c.Property(p => p.AgreementVersion).HasMaxLength(40).HasColumnName("agreement_version");
            c.Property(p => p.AcceptedAt).HasColumnName("consented_at");
            c.Property(p => p.SessionId).HasColumnName("consent_session_id");
            c.Property(p => p.Station).HasColumnName("consent_station");
            c.Property(p => p.StaffId).HasColumnName("consent_staff_id");
            c.Ignore(p => p.AtStation);
        });
        b.Navigation(x => x.Consent).IsRequired();
        b.Navigation(x => x.Identity).IsRequired();
        b.OwnsOne(x => x.Shipping, ShippingColumns.Map);
    }

    private static void Protected<TOwner>(OwnedNavigationBuilder<Enrollment, TOwner> owner,
        System.Linq.Expressions.Expression<Func<TOwner, ProtectedValue?>> navigation, string prefix, bool indexed = true)
        where TOwner : class
    {
        owner.OwnsOne(navigation, v =>
        {
            v.Property(p => p.Cipher).HasColumnName($"{prefix}_cipher");
            v.Property(p => p.Hash).HasColumnName($"{prefix}_hash");
            v.Property(p => p.Masked).HasMaxLength(64).HasColumnName($"{prefix}_masked");
            // Lookups by keyed hash: the same person across batches, search by phone or student number.
            if (indexed) v.HasIndex(p => p.Hash);
        });
    }
}
