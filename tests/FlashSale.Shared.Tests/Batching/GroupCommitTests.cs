using System.Collections.Concurrent;
using FlashSale.BuildingBlocks.Batching;
using FlashSale.Testing;

namespace FlashSale.Shared.Tests.Batching;

public sealed class GroupCommitTests
{
    private static readonly int[] BatchWithAnUnluckyItem = [2, 13, 4];

    private readonly ConcurrentQueue<int[]> _batches = new();
    private readonly TaskCompletionSource _firstBatchMayFinish = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task Items_handed_in_while_a_batch_runs_go_together_into_the_next_and_each_caller_gets_its_own_result()
    {
        using var commit = new GroupCommit<int, string>(ProcessAsync, i => i, workers: 1, maxBatchSize: 64);

        var (first, waiting) = await BlockOnFirstThenSubmitAsync(commit, Enumerable.Range(2, 5));
        _firstBatchMayFinish.SetResult();

        Assert.Equal(["r1", "r2", "r3", "r4", "r5", "r6"], await Task.WhenAll([first, .. waiting]));
        Assert.Equal([[1], [2, 3, 4, 5, 6]], _batches.ToArray());
    }

    [Fact]
    public async Task A_batch_takes_no_more_than_the_maximum()
    {
        using var commit = new GroupCommit<int, string>(ProcessAsync, i => i, workers: 1, maxBatchSize: 3);

        var (first, waiting) = await BlockOnFirstThenSubmitAsync(commit, Enumerable.Range(2, 7));
        _firstBatchMayFinish.SetResult();
        await Task.WhenAll([first, .. waiting]);

        Assert.Equal([[1], [2, 3, 4], [5, 6, 7], [8]], _batches.ToArray());
    }

    [Fact]
    public async Task When_a_batch_of_several_fails_each_item_runs_alone_and_only_the_bad_one_fails_to_its_own_caller()
    {
        var failedBatches = new List<int>();
        using var commit = new GroupCommit<int, string>(ProcessAsync, i => i, workers: 1, maxBatchSize: 64, (_, count) => failedBatches.Add(count));

        var (first, waiting) = await BlockOnFirstThenSubmitAsync(commit, BatchWithAnUnluckyItem);
        _firstBatchMayFinish.SetResult();

        Assert.Equal("r1", await first);
        Assert.Equal("r2", await waiting[0]);
        var bad = await Assert.ThrowsAsync<InvalidOperationException>(() => waiting[1]);
        Assert.Equal("13 is unlucky", bad.Message);
        Assert.Equal("r4", await waiting[2]);
        Assert.Equal([3], failedBatches);
        Assert.Equal([[1], [2, 13, 4]], _batches.Take(2).ToArray());
        Assert.Equal([[2], [4], [13]], _batches.Skip(2).OrderBy(b => b[0]).ToArray());
    }

    [Fact]
    public async Task Items_of_one_partition_key_wait_for_their_worker_while_other_keys_go_on()
    {
        // Two workers: keys 1 and 3 are odd (one worker), 2 is even (the other).
        using var commit = new GroupCommit<int, string>(ProcessAsync, i => i, workers: 2, maxBatchSize: 64);

        var first = commit.SubmitAsync(1, CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(!_batches.IsEmpty), "the worker to take the first item");
        var sameWorker = commit.SubmitAsync(3, CancellationToken.None);

        Assert.Equal("r2", await commit.SubmitAsync(2, CancellationToken.None));
        Assert.False(sameWorker.IsCompleted);
        _firstBatchMayFinish.SetResult();
        Assert.Equal(["r1", "r3"], await Task.WhenAll(first, sameWorker));
    }

    /// <summary>Item 1 alone in a batch that waits for <see cref="_firstBatchMayFinish"/>; then <paramref name="items"/> wait behind it.</summary>
    private async Task<(Task<string> First, List<Task<string>> Waiting)> BlockOnFirstThenSubmitAsync(GroupCommit<int, string> commit, IEnumerable<int> items)
    {
        var first = commit.SubmitAsync(1, CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(!_batches.IsEmpty), "the worker to take the first item");
        var waiting = items.Select(i => commit.SubmitAsync(i, CancellationToken.None)).ToList();
        await Eventually.HoldsAsync(() => Task.FromResult(commit.WaitingCount == waiting.Count), "the items to wait behind the first batch");
        return (first, waiting);
    }

    private async Task<IReadOnlyList<string>> ProcessAsync(IReadOnlyList<int> batch, CancellationToken ct)
    {
        _batches.Enqueue([.. batch]);
        if (batch.Contains(1))
        {
            await _firstBatchMayFinish.Task.WaitAsync(ct);
        }

        if (batch.Contains(13))
        {
            throw new InvalidOperationException("13 is unlucky");
        }

        return batch.Select(i => $"r{i}").ToList();
    }
}
