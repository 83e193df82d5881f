namespace FlashSale.Inventory.Tests;

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or the time is up (the caller asserts afterwards).</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }
    }

    public static Task<bool> HoldsAsync(Func<bool> condition, TimeSpan? timeout = null) => HoldsAsync(() => Task.FromResult(condition()), timeout);
}
