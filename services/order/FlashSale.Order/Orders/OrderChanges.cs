using System.Collections.Concurrent;

namespace FlashSale.Order.Orders;

/// <summary>
/// Wakes the long polls (<c>GET /api/orders/{id}?waitFor=</c>) of this process when an order they wait on
/// was created or moved: the saga's steps, order creation and the deadline sweeper call
/// <see cref="Committed"/> after their transaction committed, with the order as committed, so a poll woken into
/// the status it waits for answers without reading the order again.
/// Changes made by another replica are not signalled here; a poll re-reads on its own every
/// <see cref="OrderWaitOptions.RecheckInterval"/> to see them.
/// Each user holds at most <see cref="OrderWaitOptions.MaxOpenPerUser"/> polls open at once.
/// </summary>
public sealed class OrderChanges
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<PurchaseOrder>> _waiting = new();
    private readonly ConcurrentDictionary<string, int> _openPerUser = new();

    /// <summary>The orders as their transaction committed them; nothing may change these instances afterwards.</summary>
    public void Committed(IEnumerable<PurchaseOrder> orders)
    {
        foreach (var order in orders)
        {
            if (_waiting.TryRemove(order.Id, out var change))
            {
                change.TrySetResult(order);
            }
        }
    }

    /// <summary>
    /// The next change of <paramref name="orderId"/>, the order as committed: take it BEFORE reading the order, so a
    /// change committed between the read and the wait is not missed.
    /// </summary>
    public Task<PurchaseOrder> NextChange(long orderId) =>
        _waiting.GetOrAdd(orderId, _ => new TaskCompletionSource<PurchaseOrder>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>How many polls <paramref name="userId"/> holds open in this process.</summary>
    public int OpenFor(string userId) => _openPerUser.GetValueOrDefault(userId);

    /// <summary>Counts an open poll of <paramref name="userId"/>; null when the user has too many open already.</summary>
    public IDisposable? TryOpen(string userId, int maxOpen)
    {
        var open = _openPerUser.AddOrUpdate(userId, 1, (_, n) => n + 1);
        if (open <= maxOpen)
        {
            return new OpenPoll(this, userId);
        }

        Close(userId);
        return null;
    }

    private void Close(string userId)
    {
        if (_openPerUser.AddOrUpdate(userId, 0, (_, n) => n - 1) <= 0)
        {
            _openPerUser.TryRemove(new KeyValuePair<string, int>(userId, 0));
        }
    }

    private sealed class OpenPoll(OrderChanges changes, string userId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                changes.Close(userId);
            }
        }
    }
}

/// <summary>Bound from "Orders:Waits".</summary>
public sealed class OrderWaitOptions
{
    public const string Section = "Orders:Waits";

    /// <summary>The longest a poll may wait (the `wait` query parameter is capped at this).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a poll waits when it names no `wait`.</summary>
    public TimeSpan DefaultWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A waiting poll re-reads the order this often (changes by other replicas are not signalled).</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxOpenPerUser { get; set; } = 8;

    /// <summary>
    /// How long after a purchase was admitted (its order id's time) a poll of an order not created yet waits for the
    /// creation before it asks inventory whether the purchase exists (a settle run: reservation → order p99 0.35 s).
    /// </summary>
    public TimeSpan CreationGrace { get; set; } = TimeSpan.FromSeconds(2);
}
