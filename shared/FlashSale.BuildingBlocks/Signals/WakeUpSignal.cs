namespace FlashSale.BuildingBlocks.Signals;

/// <summary>
/// Wakes one sleeping background loop when there is work. Signals coalesce: any number of them while the loop
/// is busy wake it once more, which is all a loop that drains everything per pass needs.
/// </summary>
public sealed class WakeUpSignal : IDisposable
{
    private readonly SemaphoreSlim _wakeUp = new(0, 1);

    public void Notify()
    {
        if (_wakeUp.CurrentCount == 0)
        {
            try
            {
                _wakeUp.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another signal came in between: one wake-up is enough.
            }
        }
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wakeUp.WaitAsync(timeout, ct);

    public void Dispose() => _wakeUp.Dispose();
}
