namespace FlashSale.Inventory.Purchases;

public static class StockSegments
{
    /// <summary>Splits stock into <paramref name="segments"/> shares that differ by at most one unit.</summary>
    public static int[] Split(int stock, int segments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        return Enumerable.Range(0, segments).Select(i => stock / segments + (i < stock % segments ? 1 : 0)).ToArray();
    }
}
