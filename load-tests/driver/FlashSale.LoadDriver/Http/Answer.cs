namespace FlashSale.LoadDriver.Http;

/// <summary>
/// What one request got back: the HTTP status and, for a problem, the stable suffix of its `type`
/// (sold-out, limit-reached, rate-limited, ...). Status 0 is a transport failure, named by Problem.
/// </summary>
public readonly record struct Answer(int Status, string? Problem = null)
{
    public const string Timeout = "timeout";
    public const string ConnectionFailed = "connection-failed";

    public static Answer TimedOut => new(0, Timeout);

    public static Answer Failed => new(0, ConnectionFailed);

    public bool IsServerError => Status is 0 or >= 500;

    /// <summary>"202", "409 sold-out", "0 timeout": the key answers are counted and reported by.</summary>
    public override string ToString() => Problem is null ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Status} {Problem}";
}
