using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

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
