using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

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
