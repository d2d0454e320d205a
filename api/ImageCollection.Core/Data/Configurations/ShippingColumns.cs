using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageCollection.Core.Data.Configurations;

/// <summary>A shipping address's columns, the same wherever one is kept (an enrollment's, and its copy on a parcel).</summary>
internal static class ShippingColumns
{
    public static void Map<TOwner>(OwnedNavigationBuilder<TOwner, ShippingAddress> s) where TOwner : class
    {
        s.Property(p => p.RecipientName).HasMaxLength(100).HasColumnName("ship_name");
        s.Property(p => p.Province).HasMaxLength(40).HasColumnName("ship_province");
        s.Property(p => p.City).HasMaxLength(40).HasColumnName("ship_city");
        s.Property(p => p.District).HasMaxLength(40).HasColumnName("ship_district");
        s.Property(p => p.Street).HasMaxLength(200).HasColumnName("ship_street");
        // The phone as every personal value: ciphertext, keyed hash (not indexed: nobody is looked up by it), masked form.
        s.OwnsOne(p => p.Phone, v =>
        {
            v.Property(p => p.Cipher).HasColumnName("ship_phone_cipher");
            v.Property(p => p.Hash).HasColumnName("ship_phone_hash");
            v.Property(p => p.Masked).HasMaxLength(64).HasColumnName("ship_phone_masked");
        });
    }
}
