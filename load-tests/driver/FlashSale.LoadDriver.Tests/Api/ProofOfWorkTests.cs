using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlashSale.LoadDriver.Api;

namespace FlashSale.LoadDriver.Tests.Api;

public sealed class ProofOfWorkTests
{
    [Fact]
    public void The_solver_finds_the_number_and_sends_back_the_challenge_with_it()
    {
        const string salt = "0a1b2c?expires=1900000000&sale=42&user=u-1";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + "1234")));
        var challenge = new ProofOfWorkChallenge("SHA-256", hash, 5_000, salt, "sig", DateTimeOffset.MaxValue);

        var solution = ProofOfWork.Solve(challenge);

        Assert.Equal(1234, solution.Number);
        using var payload = JsonDocument.Parse(Convert.FromBase64String(solution.Payload));
        Assert.Equal(1234, payload.RootElement.GetProperty("number").GetInt64());
        Assert.Equal(salt, payload.RootElement.GetProperty("salt").GetString());
        Assert.Equal(hash, payload.RootElement.GetProperty("challenge").GetString());
        Assert.Equal("sig", payload.RootElement.GetProperty("signature").GetString());
        Assert.Equal("SHA-256", payload.RootElement.GetProperty("algorithm").GetString());
        Assert.True(solution.Cpu > TimeSpan.Zero);
    }

    [Fact]
    public void A_challenge_with_no_answer_up_to_maxnumber_is_a_setup_failure()
    {
        var challenge = new ProofOfWorkChallenge("SHA-256", new string('0', 64), 1_000, "salt?x=1", "sig", DateTimeOffset.MaxValue);

        Assert.Throws<FlashSale.LoadDriver.Cli.SetupException>(() => ProofOfWork.Solve(challenge));
    }
}
