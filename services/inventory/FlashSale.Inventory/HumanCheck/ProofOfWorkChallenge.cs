using System.Text.Json.Serialization;

namespace FlashSale.Inventory.HumanCheck;

/// <summary>
/// GET /api/sales/{id}/challenge, in the open ALTCHA format: find <c>number</c> in [0, maxnumber] with
/// SHA-256(salt + number) == challenge (hex), then send back the fields with <c>number</c> added, as base64 JSON.
/// </summary>
public sealed record ProofOfWorkChallenge(
    string Algorithm,
    string Challenge,
    [property: JsonPropertyName("maxnumber")] int MaxNumber,
    string Salt,
    string Signature,
    DateTimeOffset ExpiresAt);

/// <summary>The decoded body of a solution: the challenge's fields plus the number found.</summary>
public sealed record ProofOfWorkSolution(string? Algorithm, string? Challenge, long? Number, string? Salt, string? Signature);
