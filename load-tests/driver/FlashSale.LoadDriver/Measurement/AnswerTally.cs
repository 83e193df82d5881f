using FlashSale.LoadDriver.Http;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>Answers counted by kind. One per worker (no sharing on the hot path), merged at the end.</summary>
public sealed class AnswerTally
{
    private readonly Dictionary<Answer, long> _counts = [];

    public long Total { get; private set; }

    public void Add(Answer answer, long count = 1)
    {
        _counts[answer] = _counts.GetValueOrDefault(answer) + count;
        Total += count;
    }

    public long Count(Answer answer) => _counts.GetValueOrDefault(answer);

    public long Count(Func<Answer, bool> which) => _counts.Where(kv => which(kv.Key)).Sum(kv => kv.Value);

    public void AddAll(AnswerTally other)
    {
        foreach (var (answer, count) in other._counts)
        {
            Add(answer, count);
        }
    }

    public static AnswerTally Merge(IEnumerable<AnswerTally> tallies)
    {
        var merged = new AnswerTally();
        foreach (var tally in tallies)
        {
            merged.AddAll(tally);
        }

        return merged;
    }

    /// <summary>"202" → count, "409 sold-out" → count, most frequent first.</summary>
    public IReadOnlyDictionary<string, long> ToDictionary() =>
        _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Status)
            .ToDictionary(kv => kv.Key.ToString(), kv => kv.Value, StringComparer.Ordinal);
}
