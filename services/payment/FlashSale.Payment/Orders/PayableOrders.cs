using System.Collections.Concurrent;
using FlashSale.Payment.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Payment.Orders;

/// <summary>
/// Finds a payable order in the read model, waiting a little for one announced but not arrived yet: woken when
/// this process records it (<see cref="Recorded"/>, after the commit), re-reading every
/// <see cref="PayableOrderOptions.Recheck"/> for another replica's.
/// </summary>
public sealed class PayableOrders(IOptions<PayableOrderOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _arrivals = new();

    public async Task<PayableOrder?> FindAsync(PaymentDbContext db, long orderId, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.Value.ArrivalWait;
        TaskCompletionSource? arrival = null;
        try
        {
            while (true)
            {
                arrival = _arrivals.GetOrAdd(orderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                if (await db.PayableOrders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == orderId, ct) is { } order)
                {
                    return order;
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
                    // Read again: the order may have been recorded by another replica.
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
