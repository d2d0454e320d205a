using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Hosting;

/// <summary>How a text field of a request may differ from the one rule: lines, or length.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TextAttribute : Attribute
{
    /// <summary>Line breaks (LF, CR LF) are allowed: notes, resolutions.</summary>
    public bool MultiLine { get; init; }

    public int MaxLength { get; init; } = RequestRules.DefaultMaxLength;
}

/// <summary>
/// The rules every request value follows, whatever the endpoint, checked once after binding and before validation:
/// text is printable (no NUL, no other control characters, no bidirectional overrides, no lone surrogates; line breaks
/// only in fields marked multi-line) and of bounded length; collections hold no nulls; times and dates lie between
/// 2000 and 2100. Query strings, route values and headers bound to parameters are checked like body fields, so a NUL
/// in a search is a 400 naming the field, never a database error.
/// </summary>
public static class RequestRules
{
    public const int DefaultMaxLength = 4000;
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TBuilder WithRequestRules<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = factory.MethodInfo.GetParameters();
            var checkedAt = parameters.Select((p, i) => (p, i)).Where(x => IsRequestValue(x.p.ParameterType)).ToArray();
            if (checkedAt.Length == 0) return next;
            return async ctx =>
            {
                var errors = new Dictionary<string, List<string>>();
                foreach (var (p, i) in checkedAt)
                    if (i < ctx.Arguments.Count)
                        Check(ctx.Arguments[i], p.GetCustomAttribute<TextAttribute>(), NullabilityOf(p),
                            IsRequestRecord(p.ParameterType) ? "body" : JsonName(p.Name ?? "value"), errors, 0);
                if (errors.Count > 0)
                    throw new RequestValidationException(errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray()));
                return await next(ctx);
            };
        });

    /// <summary>Null when the text follows the rule; else why not.</summary>
    public static string? TextProblem(string value, bool multiLine, int maxLength)
    {
        if (value.Length > maxLength) return $"At most {maxLength} characters.";
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0') return "The text contains a NUL character.";
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return "The text contains an invalid character (a lone surrogate).";
            if (c is '\n' or '\r')
            {
                if (!multiLine) return "Line breaks are not allowed here.";
                continue;
            }
            if (c == '\t') continue;
            if (char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF')
                return "The text contains a control or formatting character.";
        }
        return null;
    }

    // NullabilityInfoContext is not thread-safe: used under a lock, its answers kept.
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly ConcurrentDictionary<object, NullabilityInfo> Nullabilities = new();

    private static NullabilityInfo NullabilityOf(ParameterInfo p) => Nullabilities.GetOrAdd(p, _ => { lock (Nullability) return Nullability.Create(p); });

    private static NullabilityInfo NullabilityOf(PropertyInfo p) => Nullabilities.GetOrAdd(p, _ => { lock (Nullability) return Nullability.Create(p); });
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>Strings, times, and the request records of this API (not services, HttpContext, streams).</summary>
    private static bool IsRequestValue(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(DateTime)
               || (t.IsArray && IsRequestValue(t.GetElementType()!)) || IsRequestRecord(t);
    }

    private static bool IsRequestRecord(Type t) =>
        t.IsClass && t.Assembly == typeof(RequestRules).Assembly && t.Name.EndsWith("Request", StringComparison.Ordinal);

    private static void Check(object? value, TextAttribute? text, NullabilityInfo? nullability, string path, Dictionary<string, List<string>> errors, int depth)
    {
        if (depth > 8) return;
        switch (value)
        {
            case null:
                return;
            case string s:
                if (TextProblem(s, text?.MultiLine ?? false, text?.MaxLength ?? DefaultMaxLength) is { } problem) Add(errors, path, problem);
                return;
            case DateTimeOffset d:
                if (d < Earliest || d >= Latest) Add(errors, path, "A time between the years 2000 and 2099.");
                return;
            case DateTime d:
                if (d < Earliest.UtcDateTime || d >= Latest.UtcDateTime) Add(errors, path, "A time between the years 2000 and 2099.");
                return;
            case DateOnly d:
                if (d.Year is < 2000 or > 2099) Add(errors, path, "A date between the years 2000 and 2099.");
                return;
            case IEnumerable items when value is not IDictionary:
                var index = 0;
                var element = nullability?.ElementType ?? nullability?.GenericTypeArguments.FirstOrDefault();
                foreach (var item in items)
                {
                    var at = $"{path}[{index++}]";
                    if (item is null && element is { ReadState: NullabilityState.NotNull }) Add(errors, at, "Must not be null.");
                    else Check(item, text, element, at, errors, depth + 1);
                }
                return;
        }
        var type = value.GetType();
        if (!IsRequestRecord(type)) return;
        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && IsRequestValue(p.PropertyType)).ToArray()))
            Check(property.GetValue(value), property.GetCustomAttribute<TextAttribute>(), NullabilityOf(property),
                path == "body" ? JsonName(property.Name) : $"{path}.{JsonName(property.Name)}", errors, depth + 1);
    }

    private static void Add(Dictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var list)) errors[path] = list = [];
        list.Add(message);
    }

    private static string JsonName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
