namespace FlashSale.Order.Orders;

/// <summary>The statuses a long poll may wait for (pending is where every wait starts, so it is not one).</summary>
public static class OrderWaits
{
    private static readonly Dictionary<string, OrderStatus> Waitable = new[]
        {
            OrderStatus.AwaitingPayment, OrderStatus.Paying, OrderStatus.Paid, OrderStatus.Cancelled,
        }
        .ToDictionary(OrderResponse.StatusName, s => s, StringComparer.Ordinal);

    public static string Names => string.Join(", ", Waitable.Keys);

    /// <summary>The named statuses, or null when the list is empty or names anything else.</summary>
    public static HashSet<OrderStatus>? ParseStatuses(string text)
    {
        var statuses = new HashSet<OrderStatus>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Waitable.TryGetValue(name, out var status))
            {
                return null;
            }

            statuses.Add(status);
        }

        return statuses.Count == 0 ? null : statuses;
    }
}
