using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.Property(x => x.OutTradeNo).HasMaxLength(32);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.PayerOpenId).HasMaxLength(64);
        b.Property(x => x.IdempotencyKey).HasMaxLength(64);
        b.Property(x => x.PrepayId).HasMaxLength(64);
        b.Property(x => x.TransactionId).HasMaxLength(32);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.OutTradeNo).IsUnique();
        b.HasIndex(x => x.TransactionId).IsUnique().HasFilter("transaction_id is not null");
        // At most one payable order per enrollment.
        b.HasIndex(x => x.EnrollmentId).IsUnique().HasFilter("status = 'pending_payment'").HasDatabaseName("ix_orders_one_pending_per_enrollment");
        b.HasIndex(x => new { x.EnrollmentId, x.Status });
        b.HasIndex(x => new { x.StudentId, x.IdempotencyKey }).IsUnique().HasFilter("idempotency_key is not null");
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.HasOne<Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_orders_amount_positive", "amount_fen > 0");
            // The database itself refuses refunds beyond what was paid.
            t.HasCheckConstraint("ck_orders_refunds_within_amount", "refund_committed_fen >= 0 and refunded_fen >= 0 and refund_committed_fen <= amount_fen and refunded_fen <= refund_committed_fen");
        });
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.Property(x => x.OutRefundNo).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(80);
        b.Property(x => x.RequestedByType).HasMaxLength(16);
        b.Property(x => x.WechatRefundId).HasMaxLength(32);
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.ReceivedAccount).HasMaxLength(64);
        b.Property(x => x.LastError).HasMaxLength(500);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.OutRefundNo).IsUnique();
        b.HasIndex(x => x.OrderId);
        b.HasIndex(x => new { x.Status, x.UpdatedAt });
        b.HasIndex(x => x.BulkJobId);
        b.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_refunds_amount_positive", "amount_fen > 0"));
    }
}

internal sealed class SchoolPaymentConfiguration : IEntityTypeConfiguration<SchoolPayment>
{
    public void Configure(EntityTypeBuilder<SchoolPayment> b)
    {
        b.Property(x => x.Reference).HasMaxLength(100);
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasIndex(x => x.BatchId);
        b.HasOne<Batch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Enrollments).WithOne().HasForeignKey(x => x.SchoolPaymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SchoolPaymentEnrollmentConfiguration : IEntityTypeConfiguration<SchoolPaymentEnrollment>
{
    public void Configure(EntityTypeBuilder<SchoolPaymentEnrollment> b)
    {
        b.HasKey(x => new { x.SchoolPaymentId, x.EnrollmentId });
        b.HasIndex(x => x.EnrollmentId).IsUnique();
        b.HasOne<Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentExceptionConfiguration : IEntityTypeConfiguration<PaymentException>
{
    public void Configure(EntityTypeBuilder<PaymentException> b)
    {
        b.Property(x => x.DedupKey).HasMaxLength(120);
        b.Property(x => x.OutTradeNo).HasMaxLength(32);
        b.Property(x => x.TransactionId).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(2000);
        b.Property(x => x.Resolution).HasMaxLength(1000);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.DedupKey).IsUnique();
        b.HasIndex(x => new { x.Status, x.CreatedAt });
    }
}

internal sealed class BulkRefundJobConfiguration : IEntityTypeConfiguration<BulkRefundJob>
{
    public void Configure(EntityTypeBuilder<BulkRefundJob> b)
    {
        b.Property(x => x.RequestedByType).HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(80);
        b.Property(x => x.PausedReason).HasMaxLength(200);
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.BatchId);
    }
}
