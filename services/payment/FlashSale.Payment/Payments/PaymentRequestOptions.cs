namespace FlashSale.Payment.Payments;

/// <summary>Bound from "Payments:Requests": how concurrent payment requests share transactions (<see cref="PaymentRequests"/>).</summary>
public sealed class PaymentRequestOptions
{
    public const string Section = "Payments:Requests";

    /// <summary>The most payment requests one transaction decides.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>Batches deciding at once (each its own transaction and connection); an order always goes to the same one.</summary>
    public int Workers { get; set; } = 2;
}
