using System.Threading.Channels;

namespace FlashSale.BuildingBlocks.Batching;

/// <summary>
/// Group commit for concurrent callers: each caller hands in one item and waits; a worker takes whatever is
/// waiting (up to <c>maxBatchSize</c>) and processes it together, so N callers share one transaction and one
/// fsync. Under light load a batch is one item and costs what the caller alone would. When a batch of several
/// fails, each of its callers runs its item again alone, so one bad item fails by itself (its own exception,
/// to its own caller) and never takes the others down. Items with the same partition key always go to the same
/// worker, so two batches of one process never contend for the same rows.
/// </summary>
public sealed class GroupCommit<TItem, TResult> : IDisposable
{
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> _process;
    private readonly Func<TItem, long> _partitionOf;
    private readonly Action<Exception, int>? _batchFailed;
    private readonly int _maxBatchSize;
    private readonly Channel<Waiting>[] _partitions;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task[]> _workers;

    /// <param name="process">Processes a batch and returns one result per item, in the same order; must be correct for a batch of one.</param>
    /// <param name="batchFailed">Told when a batch of several failed (before its items run again alone).</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> process, Func<TItem, long> partitionOf,
        int workers, int maxBatchSize, Action<Exception, int>? batchFailed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _process = process;
        _partitionOf = partitionOf;
        _batchFailed = batchFailed;
        _maxBatchSize = maxBatchSize;
        _partitions = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Channel.CreateUnbounded<Waiting>()).ToArray();
        _workers = new Lazy<Task[]>(StartWorkers);
    }

    /// <summary>Items handed in and not yet taken by a worker.</summary>
    public int WaitingCount => _partitions.Sum(p => p.Reader.CanCount ? p.Reader.Count : 0);

    public async Task<TResult> SubmitAsync(TItem item, CancellationToken ct)
    {
        _ = _workers.Value;
        var waiting = new Waiting(item);
        await _partitions[(int)((ulong)_partitionOf(item) % (ulong)_partitions.Length)].Writer.WriteAsync(waiting, ct);
        var outcome = await waiting.Outcome.Task.WaitAsync(ct);
        if (!outcome.RunAlone)
        {
            return outcome.Result;
        }

        // The batch it was in failed: alone, its own failure (if any) reaches its own caller.
        return (await _process([item], ct))[0];
    }

    public void Dispose()
    {
        foreach (var partition in _partitions)
        {
            partition.Writer.TryComplete();
        }

        _stopping.Cancel();
        _stopping.Dispose();
    }

    // The workers must not inherit the first caller's execution context (its activity, its scope's state).
    private Task[] StartWorkers()
    {
        using (ExecutionContext.SuppressFlow())
        {
            return _partitions.Select(partition => Task.Run(() => WorkAsync(partition.Reader))).ToArray();
        }
    }

    private async Task WorkAsync(ChannelReader<Waiting> queue)
    {
        var ct = _stopping.Token;
        var batch = new List<Waiting>(_maxBatchSize);
        try
        {
            while (await queue.WaitToReadAsync(ct))
            {
                batch.Clear();
                while (batch.Count < _maxBatchSize && queue.TryRead(out var next))
                {
                    if (!next.Outcome.Task.IsCompleted)
                    {
                        batch.Add(next);
                    }
                }

                if (batch.Count > 0)
                {
                    await RunAsync(batch, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the callers' own cancellation ends their waits.
        }
    }

    private async Task RunAsync(List<Waiting> batch, CancellationToken ct)
    {
        try
        {
            var results = await _process(batch.ConvertAll(w => w.Item), ct);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(new Outcome(results[i], RunAlone: false));
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (batch.Count == 1)
            {
                batch[0].Outcome.TrySetException(e);
                return;
            }

            _batchFailed?.Invoke(e, batch.Count);
            foreach (var waiting in batch)
            {
                waiting.Outcome.TrySetResult(new Outcome(default!, RunAlone: true));
            }
        }
    }

    private readonly record struct Outcome(TResult Result, bool RunAlone);

    private sealed record Waiting(TItem Item)
    {
        public TaskCompletionSource<Outcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
