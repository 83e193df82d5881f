namespace FlashSale.LoadDriver.Report;

/// <summary>
/// The baseline runs of a bench in time order. A shared machine drifts during a run (other work starts and
/// stops), so a figure is compared with the baseline measured around it: the mean of the last baseline run
/// before it and the first one after it (or whichever of the two exists).
/// </summary>
public sealed class BaselineTimeline(IEnumerable<(DateTimeOffset At, double PerSecond)> runs)
{
    private readonly List<(DateTimeOffset At, double PerSecond)> _runs = runs.OrderBy(r => r.At).ToList();

    public IReadOnlyList<double> Values => _runs.Select(r => r.PerSecond).ToList();

    public double? Mean => _runs.Count > 0 ? _runs.Average(r => r.PerSecond) : null;

    public double? Around(DateTimeOffset at)
    {
        var before = _runs.LastOrDefault(r => r.At <= at);
        var after = _runs.FirstOrDefault(r => r.At > at);
        return (before == default, after == default) switch
        {
            (false, false) => (before.PerSecond + after.PerSecond) / 2,
            (false, true) => before.PerSecond,
            (true, false) => after.PerSecond,
            _ => null,
        };
    }
}
