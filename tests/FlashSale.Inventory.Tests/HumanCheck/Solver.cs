using FlashSale.Inventory.HumanCheck;
using FlashSale.Testing;

namespace FlashSale.Inventory.Tests.HumanCheck;

/// <summary><see cref="ProofOfWorkSolver"/> for the inventory's own challenge type.</summary>
public static class Solver
{
    public static string Solve(ProofOfWorkChallenge challenge, long? number = null) =>
        ProofOfWorkSolver.Solve(challenge.Algorithm, challenge.Challenge, challenge.MaxNumber, challenge.Salt, challenge.Signature, number);

    public static string Payload(object solution) => ProofOfWorkSolver.Payload(solution);
}
