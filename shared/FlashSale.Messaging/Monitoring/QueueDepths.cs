using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FlashSale.Messaging.Monitoring;

/// <summary>One queue as the broker reports it; null counts when the broker could not be asked or has no such queue.</summary>
public sealed record QueueState(string Queue, long? Messages, long? Consumers);

/// <summary>
/// Messages waiting in the service's input queues, asked of RabbitMQ with a passive declare (it creates nothing) on a
/// connection of its own: the monitor reads it once a second, and MassTransit's connection stays the bus's.
/// </summary>
public sealed class QueueDepths(Uri broker) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IReadOnlyList<QueueState>> ReadAsync(IReadOnlyList<string> queues, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _connection ??= await new ConnectionFactory { Uri = broker, ClientProvidedName = "flashsale-monitor" }.CreateConnectionAsync(ct);
            var states = new List<QueueState>(queues.Count);
            foreach (var queue in queues)
            {
                states.Add(await ReadAsync(_connection, queue, ct));
            }

            return states;
        }
        catch (Exception e) when (e is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException or IOException)
        {
            await DropConnectionAsync();
            return [.. queues.Select(q => new QueueState(q, null, null))];
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync();
        _gate.Dispose();
    }

    private static async Task<QueueState> ReadAsync(IConnection connection, string queue, CancellationToken ct)
    {
        // A passive declare of a missing queue closes its channel: one channel per queue keeps the others readable.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue, ct);
            return new QueueState(queue, declared.MessageCount, declared.ConsumerCount);
        }
        catch (OperationInterruptedException)
        {
            return new QueueState(queue, null, null);
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}
