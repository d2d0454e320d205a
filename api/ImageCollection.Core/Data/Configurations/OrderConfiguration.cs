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
        b.Property(x => x.CodeUrl).HasMaxLength(200);
        b.Property(x => x.TransactionId).HasMaxLength(32);
        b.Property(x => x.Version).IsRowVersion();
        b.Property(x => x.Purpose).HasDefaultValue(OrderPurpose.Collection).HasSentinel(OrderPurpose.Collection);
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
            t.HasCheckConstraint("ck_orders_refunds_within_amount",
                "refund_committed_fen >= 0 and refunded_fen >= 0 and refund_committed_fen <= amount_fen and refunded_fen <= refund_committed_fen");
        });
    }
}
