using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FlashSale.LoadDriver.Http;

/// <summary>
/// Reads the `type` of an RFC 7807 body and keeps the suffix after its last '/'. The suffixes the API
/// names are returned as shared strings, so counting thousands of "sold-out" answers allocates nothing.
/// </summary>
public static class ProblemTypeReader
{
    private static readonly string[] Known =
    [
        "sold-out", "limit-reached", "rate-limited", "invalid-token", "sale-not-started", "sale-ended",
        "sale-not-found", "validation", "service-unavailable", "order-not-found", "not-found", "order-not-payable",
        "insufficient-funds",
    ];

    private static readonly byte[][] KnownUtf8 = Known.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>The suffix of the body's top-level "type", or null when the body is not a JSON object with one.</summary>
    public static string? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String ? Suffix(reader) : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A truncated or non-JSON body: this is only a label for counting, never an error of the run.
        }

        return null;
    }

    private static string Suffix(Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> value = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        var suffix = value[(value.LastIndexOf((byte)'/') + 1)..];
        for (var i = 0; i < KnownUtf8.Length; i++)
        {
            if (suffix.SequenceEqual(KnownUtf8[i]))
            {
                return Known[i];
            }
        }

        return reader.ValueIsEscaped ? reader.GetString()![(reader.GetString()!.LastIndexOf('/') + 1)..] : Encoding.UTF8.GetString(suffix);
    }
}
