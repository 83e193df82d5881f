using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FlashSale.Testing;

/// <summary>
/// What a shopper's browser does for a proof-of-work sale (docs/bots.md): try numbers until SHA-256(salt + number) is
/// the challenge, then send the challenge's fields back with the number, as base64 JSON.
/// </summary>
public static class ProofOfWorkSolver
{
    /// <param name="number">A number to send instead of searching for the right one (to test a wrong answer).</param>
    public static string Solve(string algorithm, string challenge, int maxNumber, string salt, string signature, long? number = null)
    {
        var found = number ?? Enumerable.Range(0, maxNumber + 1)
            .First(n => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}{n}"))) == challenge);
        return Payload(new { algorithm, challenge, number = found, salt, signature });
    }

    public static string Payload(object solution) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(solution));
}
