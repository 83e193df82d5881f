using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FlashSale.Payment.Orders;

/// <summary>
/// Waits for a payable order announced but not arrived yet: a decision that needs it is taken again when this process
/// records the order (<see cref="Recorded"/>, after the commit), or every <see cref="PayableOrderOptions.Recheck"/> for
/// another replica's, until <see cref="PayableOrderOptions.ArrivalWait"/> has passed.
/// </summary>
public sealed class PayableOrders(IOptions<PayableOrderOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _arrivals = new();

    /// <summary>
    /// <paramref name="decide"/>'s answer, taken again whenever the order may have arrived, while it answers null (order
    /// not known here); null once the wait is over. The arrival is awaited from BEFORE each decision, so an order recorded
    /// while a decision reads is not missed.
    /// </summary>
    public async Task<T?> DecideWhenKnownAsync<T>(long orderId, Func<Task<T?>> decide, CancellationToken ct) where T : class
    {
        var deadline = time.GetUtcNow() + options.Value.ArrivalWait;
        TaskCompletionSource? arrival = null;
        try
        {
            while (true)
            {
                arrival = _arrivals.GetOrAdd(orderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                if (await decide() is { } answer)
                {
                    return answer;
                }

                var left = deadline - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                try
                {
                    await arrival.Task.WaitAsync(left < options.Value.Recheck ? left : options.Value.Recheck, time, ct);
                }
                catch (TimeoutException)
                {
                    // Decide again: the order may have been recorded by another replica.
                }
            }
        }
        finally
        {
            // Also when the shopper went away (cancelled): no entry is left behind for an order nobody waits for.
            if (arrival is not null)
            {
                _arrivals.TryRemove(KeyValuePair.Create(orderId, arrival));
            }
        }
    }

    /// <summary>After the transaction that recorded these orders committed: wake whoever waits for them.</summary>
    public void Recorded(IEnumerable<long> orderIds)
    {
        foreach (var orderId in orderIds)
        {
            if (_arrivals.TryRemove(orderId, out var arrival))
            {
                arrival.TrySetResult();
            }
        }
    }
}
