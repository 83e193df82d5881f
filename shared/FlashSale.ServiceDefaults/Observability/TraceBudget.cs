namespace FlashSale.ServiceDefaults.Observability;

/// <summary>
/// A token bucket of new traces: refills at <c>perSecond</c> tokens a second up to one second's worth, so a burst
/// after a quiet minute keeps one second's traces and then the steady rate. Zero or less means no limit.
/// </summary>
public sealed class TraceBudget(double perSecond, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly double _capacity = Math.Max(1, perSecond);
    private double _tokens = Math.Max(1, perSecond);
    private long _refilledAt = time.GetTimestamp();

    public bool Unlimited => perSecond <= 0;

    public bool TryTake()
    {
        if (Unlimited)
        {
            return true;
        }

        // A short critical section (a few arithmetic operations): cheaper than a CAS loop over two fields.
        lock (_gate)
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(_refilledAt, now).TotalSeconds;
            _refilledAt = now;
            _tokens = Math.Min(_capacity, _tokens + (elapsed * perSecond));
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
