using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ImageCollection.Core.Data;

/// <summary>Every enum column holds its snake_case name (<c>pending_payment</c>), the same string the API sends.</summary>
public static class SnakeCaseEnums
{
    public static void UseSnakeCaseEnums(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        foreach (var property in entity.GetProperties())
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (!type.IsEnum || property.GetValueConverter() is not null) continue;
            var converter = (ValueConverter)Activator.CreateInstance(typeof(SnakeCaseEnumConverter<>).MakeGenericType(type))!;
            property.SetValueConverter(converter);
            property.SetMaxLength(40);
        }
    }

    private sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
        v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()),
        v => Enum.Parse<TEnum>(v.Replace("_", ""), true))
        where TEnum : struct, Enum;
}
