using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlashSale.Inventory.HumanCheck;

namespace FlashSale.Inventory.Tests.HumanCheck;

/// <summary>What a shopper's browser does: try numbers until SHA-256(salt + number) is the challenge.</summary>
public static class Solver
{
    public static string Solve(ProofOfWorkChallenge challenge, long? number = null)
    {
        var found = number ?? Enumerable.Range(0, challenge.MaxNumber + 1)
            .First(n => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{challenge.Salt}{n}"))) == challenge.Challenge);
        return Payload(new
        {
            algorithm = challenge.Algorithm,
            challenge = challenge.Challenge,
            number = found,
            salt = challenge.Salt,
            signature = challenge.Signature,
        });
    }

    public static string Payload(object solution) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(solution));
}
