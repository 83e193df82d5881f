using System.Globalization;

namespace FlashSale.Payment.Payments;

public static class PaymentRules
{
    public const int MaxIdempotencyKeyLength = 100;
    public const int MaxReasonLength = 200;

    /// <summary>Order and payment ids are positive 64-bit snowflake ids written as decimal strings.</summary>
    public static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    public static string FormatId(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reasons come from other services; the column is bounded, the message must still be stored.</summary>
    public static string? Bounded(string? reason) =>
        reason is { Length: > MaxReasonLength } ? reason[..MaxReasonLength] : reason;
}
