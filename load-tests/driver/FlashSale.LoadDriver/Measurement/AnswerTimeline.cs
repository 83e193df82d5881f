using FlashSale.LoadDriver.Http;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>Answers by kind per second of a measured window. One per worker (no sharing on the hot path), merged at the end.</summary>
public sealed class AnswerTimeline(int seconds)
{
    private readonly Dictionary<Answer, long[]> _perSecond = [];

    public void Add(Answer answer, int second)
    {
        if (second < 0 || second >= seconds)
        {
            return;
        }

        if (!_perSecond.TryGetValue(answer, out var counts))
        {
            _perSecond[answer] = counts = new long[seconds];
        }

        counts[second]++;
    }

    /// <summary>"202" → [count in second 0, second 1, ...], every worker's timeline added up.</summary>
    public static IReadOnlyDictionary<string, long[]> Merge(int seconds, IEnumerable<AnswerTimeline> timelines)
    {
        var merged = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (answer, counts) in timelines.SelectMany(t => t._perSecond))
        {
            var key = answer.ToString();
            if (!merged.TryGetValue(key, out var sum))
            {
                merged[key] = sum = new long[seconds];
            }

            for (var i = 0; i < seconds; i++)
            {
                sum[i] += counts[i];
            }
        }

        return merged;
    }
}
