using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlashSale.Inventory.PurchaseTokens;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace FlashSale.Inventory.HumanCheck;

public enum SolutionCheck
{
    Valid,
    Malformed,
    NotIssuedHere,
    WrongNumber,
    OtherSale,
    OtherUser,
    Expired,
}

/// <summary>A solution that passed every stateless check: spend it once (<see cref="SpentSolutions"/>).</summary>
public sealed record CheckedSolution(string Challenge, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues and checks proof-of-work challenges without storage: the salt names the sale, the user and the expiry,
/// the challenge hashes the salt with a secret number, and the signature (HMAC of the challenge) proves this
/// server chose them. Checking a solution costs two hashes; only "was it spent already" needs Redis
/// (<see cref="SpentSolutions"/>).
/// </summary>
public sealed class ProofOfWorkChallenges
{
    public const string Algorithm = "SHA-256";

    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public ProofOfWorkChallenges(IOptions<PurchaseTokenOptions> tokens, IOptions<HumanCheckOptions> options, TimeProvider time)
    {
        _key = tokens.Value.DerivedKey("flashsale human check"u8);
        _lifetime = options.Value.ChallengeLifetime;
        _time = time;
    }

    /// <summary>Good from now until <see cref="HumanCheckOptions.ChallengeLifetime"/> after the later of now and the start, never past the end.</summary>
    public ProofOfWorkChallenge Create(string userId, long saleId, int maxNumber, DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var now = _time.GetUtcNow();
        var expires = (now > startsAt ? now : startsAt) + _lifetime;
        expires = DateTimeOffset.FromUnixTimeSeconds((expires > endsAt ? endsAt : expires).ToUnixTimeSeconds());
        var salt = string.Create(CultureInfo.InvariantCulture,
            $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}?expires={expires.ToUnixTimeSeconds()}&sale={saleId}&user={Uri.EscapeDataString(userId)}");
        var challenge = Hash(salt, RandomNumberGenerator.GetInt32(0, maxNumber + 1));
        return new ProofOfWorkChallenge(Algorithm, challenge, maxNumber, salt, Sign(challenge), expires);
    }

    /// <summary>The solution decoded and checked against this user and sale; <paramref name="valid"/> is set when it passes.</summary>
    public SolutionCheck Check(string? payload, string userId, long saleId, out CheckedSolution? valid)
    {
        valid = null;
        if (Decode(payload) is not { Algorithm: Algorithm, Challenge: { } challenge, Number: { } number, Salt: { } salt, Signature: { } signature })
        {
            return SolutionCheck.Malformed;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(challenge))))
        {
            return SolutionCheck.NotIssuedHere;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(challenge), Encoding.ASCII.GetBytes(Hash(salt, number))))
        {
            return SolutionCheck.WrongNumber;
        }

        // The salt is the server's own (its hash is signed), so its fields can be trusted as written.
        var query = salt.IndexOf('?', StringComparison.Ordinal);
        var fields = QueryHelpers.ParseQuery(query < 0 ? "" : salt[query..]);
        if (fields["sale"] != saleId.ToString(CultureInfo.InvariantCulture))
        {
            return SolutionCheck.OtherSale;
        }

        if (fields["user"] != userId)
        {
            return SolutionCheck.OtherUser;
        }

        if (!long.TryParse(fields["expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return SolutionCheck.Expired;
        }

        valid = new CheckedSolution(challenge, DateTimeOffset.FromUnixTimeSeconds(expires));
        return SolutionCheck.Valid;
    }

    public static string Hash(string salt, long number) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{salt}{number}"))));

    private string Sign(string challenge) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(challenge)));

    private static ProofOfWorkSolution? Decode(string? payload)
    {
        if (string.IsNullOrEmpty(payload) || payload.Length > 2048)
        {
            return null;
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(payload.Length)];
        if (!Convert.TryFromBase64String(payload, bytes, out var length))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ProofOfWorkSolution>(bytes.AsSpan(0, length), JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
