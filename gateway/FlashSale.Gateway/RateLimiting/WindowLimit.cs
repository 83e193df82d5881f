namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// At most <see cref="PermitLimit"/> requests per <see cref="Window"/>. The window opens with the first
/// request of its partition and closes <see cref="Window"/> later, so a burst always meets a whole window.
/// </summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public static WindowLimit Of(int permitLimit, TimeSpan window) => new() { PermitLimit = permitLimit, Window = window };

    /// <summary>Redis expires keys in whole milliseconds: a shorter window would never open.</summary>
    public bool IsValid => PermitLimit >= 1 && Window >= TimeSpan.FromMilliseconds(1);

    public override string ToString() => $"{PermitLimit} per {Describe(Window)}";

    private static string Describe(TimeSpan window) => window switch
    {
        { TotalMinutes: >= 1 } when window.Ticks % TimeSpan.TicksPerMinute == 0 => $"{window.TotalMinutes:0} min",
        { TotalSeconds: >= 1 } when window.Ticks % TimeSpan.TicksPerSecond == 0 => $"{window.TotalSeconds:0} s",
        _ => $"{window.TotalMilliseconds:0} ms",
    };
}
