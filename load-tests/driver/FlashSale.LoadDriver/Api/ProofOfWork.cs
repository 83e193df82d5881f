using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FlashSale.LoadDriver.Api;

/// <summary>A solved challenge: the payload for the token request, the number found and the CPU time the search took.</summary>
public sealed record Solution(string Payload, long Number, TimeSpan Cpu);

/// <summary>
/// What a shopper's browser (or a bot) does for a proof-of-work sale: hash salt + 0, 1, 2... until the digest is the
/// challenge. One thread, no shortcuts a bot would not also have, so its time is what a token costs.
/// </summary>
public static class ProofOfWork
{
    public static Solution Solve(ProofOfWorkChallenge challenge)
    {
        var cpuBefore = ThreadCpu();
        var target = Convert.FromHexString(challenge.Challenge);
        var salt = Encoding.UTF8.GetBytes(challenge.Salt);
        var input = new byte[salt.Length + 20];
        salt.CopyTo(input, 0);
        Span<byte> digest = stackalloc byte[32];
        for (long number = 0; number <= challenge.MaxNumber; number++)
        {
            Utf8Formatter.TryFormat(number, input.AsSpan(salt.Length), out var written);
            SHA256.HashData(input.AsSpan(0, salt.Length + written), digest);
            if (digest.SequenceEqual(target))
            {
                var payload = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    algorithm = challenge.Algorithm,
                    challenge = challenge.Challenge,
                    number,
                    salt = challenge.Salt,
                    signature = challenge.Signature,
                });
                return new Solution(Convert.ToBase64String(payload), number, ThreadCpu() - cpuBefore);
            }
        }

        throw new Cli.SetupException($"no number up to {challenge.MaxNumber} solves challenge {challenge.Challenge}");
    }

    /// <summary>
    /// CPU time of the calling thread (the search never awaits, so it stays on one thread): the first field of
    /// /proc/thread-self/schedstat, in nanoseconds.
    /// </summary>
    private static TimeSpan ThreadCpu()
    {
        var text = File.ReadAllText("/proc/thread-self/schedstat");
        return long.TryParse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds)
            ? TimeSpan.FromTicks(nanoseconds / 100)
            : TimeSpan.Zero;
    }
}
