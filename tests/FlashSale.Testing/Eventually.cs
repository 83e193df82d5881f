using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FlashSale.Testing;

/// <summary>
/// The one way a test waits for what the system does asynchronously: poll until it holds, or fail naming
/// what was awaited and what was last seen. Never use it to wait for something NOT to happen: that needs
/// a positive signal that the system got past the point where it would have happened.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    // Quick first polls for what is almost there, then slower ones so a long wait does not load a small box.
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SlowestPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Reads <paramref name="observe"/> until <paramref name="holds"/> accepts its value, and returns that value.</summary>
    /// <exception cref="TimeoutException">Not within the timeout: the message names <paramref name="because"/> and the last value.</exception>
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> observe, Func<T, bool> holds, string because, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        var pause = FirstPoll;
        while (true)
        {
            var value = await observe();
            if (holds(value))
            {
                return value;
            }

            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Still not so after {limit.TotalSeconds:0.#} s: {because}. Last seen: {Describe(value)}"));
            }

            await Task.Delay(pause);
            pause = pause * 2 < SlowestPoll ? pause * 2 : SlowestPoll;
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null) =>
        HoldsAsync(condition, holds => holds, because, timeout);

    public static Task HoldsAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), holds => holds, because, timeout);

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]",
        // A class without a ToString of its own (an entity) would only show its type name: its properties tell more.
        _ when value.GetType().GetMethod(nameof(object.ToString), Type.EmptyTypes)?.DeclaringType == typeof(object) => AsJson(value),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string AsJson(object value)
    {
        try
        {
            return JsonSerializer.Serialize(value, value.GetType(), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            return value.ToString() ?? "";
        }
    }
}
