using System.Text.RegularExpressions;

namespace FlashSale.ServiceDefaults.Authentication;

/// <summary>The one rule for user ids, checked where they enter: the token issuer and every host's token validation.</summary>
public static partial class UserIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string userId) => Pattern().IsMatch(userId);

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex Pattern();
}
