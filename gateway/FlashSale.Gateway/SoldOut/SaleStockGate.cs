namespace FlashSale.Gateway.SoldOut;

/// <summary>How a purchase got past a <see cref="SaleStockGate"/>.</summary>
public enum GateEntry
{
    /// <summary>It holds one of the gate's places and must give it back with <see cref="SaleStockGate.Exit"/>.</summary>
    Entered,

    /// <summary>The sale turned out sold out while it waited: answer it from memory if the sold-out rule allows.</summary>
    SoldOut,

    /// <summary>It waited its longest or found the queue full: it goes on to inventory without a place.</summary>
    PassedBy,
}

/// <summary>
/// One sale's purchases on their way to inventory, at most as many at once as the sale has units left by this gate's
/// count (units read from Redis, less the purchases admitted since) plus a few (<paramref name="beyond"/>). At the
/// opening instant a thousand shoppers may want a hundred units: about a hundred go on, the others wait here instead
/// of queueing at inventory for an answer that can only be "sold out", and are answered from memory
/// (<see cref="SoldOutSales"/>) once it is: the few beyond the units bring inventory's first sold-out answer as soon as
/// the last unit is taken. When nothing is on its way and the count says no place is left, one waiter goes on alone:
/// inventory's answer tells whether units came back (202) or the sale is sold out (409, then <see cref="Close"/>
/// answers every waiter). The gate decides no purchase — inventory decides everything it lets on, and a waiter past
/// its longest wait goes on as well.
/// </summary>
public sealed class SaleStockGate(long unitsLeft, int beyond, int maxWaiting, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource<GateEntry>> _waiting = new();
    private long _unitsLeft = unitsLeft;
    private int _onTheirWay;
    private bool _closed;
    private bool _retired;
    private long _lastUsed = time.GetTimestamp();

    /// <summary>Nothing on its way, nobody waiting, and unused for longer than <paramref name="idle"/>.</summary>
    public bool IsIdleFor(TimeSpan idle)
    {
        lock (_lock)
        {
            return _onTheirWay == 0 && _waiting.Count == 0 && time.GetElapsedTime(_lastUsed) > idle;
        }
    }

    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public ValueTask<GateEntry> EnterAsync(TimeSpan maxWait, CancellationToken ct)
    {
        TaskCompletionSource<GateEntry> waiter;
        lock (_lock)
        {
            _lastUsed = time.GetTimestamp();
            if (_closed)
            {
                return ValueTask.FromResult(GateEntry.SoldOut);
            }

            if (_retired)
            {
                return ValueTask.FromResult(GateEntry.PassedBy);
            }

            if (HasRoom())
            {
                _onTheirWay++;
                return ValueTask.FromResult(GateEntry.Entered);
            }

            if (_waiting.Count >= maxWaiting)
            {
                return ValueTask.FromResult(GateEntry.PassedBy);
            }

            waiter = new TaskCompletionSource<GateEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
        }

        return WaitAsync(waiter, maxWait, ct);
    }

    /// <summary>
    /// A purchase that <see cref="GateEntry.Entered"/> was answered; <paramref name="admitted"/> when it took units (202).
    /// True when the count is proven stale: inventory admitted a purchase although the count said no unit was left
    /// (units given back since the read). The gate should then be <see cref="Retire"/>d and the units read again.
    /// </summary>
    public bool Exit(bool admitted)
    {
        lock (_lock)
        {
            _onTheirWay--;
            var stale = admitted && _unitsLeft == 0;
            if (admitted && _unitsLeft > 0)
            {
                _unitsLeft--;
            }

            while (_waiting.Count > 0 && HasRoom())
            {
                // A waiter that gave up (timed out, request aborted) already holds its result: the place goes to the next.
                if (_waiting.Dequeue().TrySetResult(GateEntry.Entered))
                {
                    _onTheirWay++;
                }
            }

            return stale;
        }
    }

    /// <summary>Its count is stale: every waiter, and everyone who still comes to this gate, goes on to inventory.</summary>
    public void Retire()
    {
        lock (_lock)
        {
            _retired = true;
            while (_waiting.Count > 0)
            {
                _waiting.Dequeue().TrySetResult(GateEntry.PassedBy);
            }
        }
    }

    /// <summary>The sale is known sold out: every waiter, and everyone who comes to this gate from now on, is told so.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            while (_waiting.Count > 0)
            {
                _waiting.Dequeue().TrySetResult(GateEntry.SoldOut);
            }
        }
    }

    // With nothing on its way one always goes (the probe), so the gate cannot hold a purchase that inventory would admit forever.
    private bool HasRoom() => _onTheirWay < _unitsLeft + beyond || _onTheirWay == 0;

    private async ValueTask<GateEntry> WaitAsync(TaskCompletionSource<GateEntry> waiter, TimeSpan maxWait, CancellationToken ct)
    {
        try
        {
            return await waiter.Task.WaitAsync(maxWait, time, ct);
        }
        catch (TimeoutException)
        {
            // Set first by whoever wins: the gate (a place, or sold out) or this wait giving up.
            return waiter.TrySetResult(GateEntry.PassedBy) ? GateEntry.PassedBy : await waiter.Task;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (!waiter.TrySetCanceled(ct) && await waiter.Task == GateEntry.Entered)
            {
                Exit(admitted: false);
            }

            throw;
        }
    }
}
