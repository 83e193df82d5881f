using System.Reflection;
using MassTransit;

namespace FlashSale.Messaging.Bus;

/// <summary>
/// How often a receive endpoint tries to reconnect after RabbitMQ went away. MassTransit's RabbitMQ host retries with an
/// exponential back-off from 3 s up to 30 s (its ReceiveTransportRetryPolicy) and offers no setting for it: after a broker
/// restart of ~20 s the consumers came back up to 30 s after the broker (measured: 37 s from the broker accepting
/// connections to the first order paid). A fixed short interval brings them back within a second of the broker.
/// MassTransit keeps the policy in a get-only property of its host configuration, so it is replaced by reflection
/// once, at configuration; if a MassTransit upgrade moves it, the host refuses to start (and a test fails) rather than
/// silently going back to the slow back-off.
/// </summary>
public static class ReceiveReconnect
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const string PolicyField = "<ReceiveTransportRetryPolicy>k__BackingField";
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    /// <summary>Every receive endpoint of this bus retries a lost connection every <see cref="Interval"/>, without limit.</summary>
    public static void RetryLostConnectionsQuickly(this IRabbitMqBusFactoryConfigurator rabbit)
    {
        var host = HostConfiguration(rabbit)
            ?? throw new InvalidOperationException($"MassTransit's RabbitMQ host configuration was not found on {rabbit.GetType()}: see {nameof(ReceiveReconnect)}");
        var field = FieldOf(host.GetType(), PolicyField)
            ?? throw new InvalidOperationException($"{host.GetType()} has no {PolicyField}: see {nameof(ReceiveReconnect)}");
        field.SetValue(host, Retry.Incremental(int.MaxValue, Interval, TimeSpan.Zero));
    }

    /// <summary>The policy the bus's receive endpoints use now (for tests).</summary>
    public static IRetryPolicy? CurrentPolicy(IRabbitMqBusFactoryConfigurator rabbit) =>
        HostConfiguration(rabbit) is { } host ? FieldOf(host.GetType(), PolicyField)?.GetValue(host) as IRetryPolicy : null;

    private static object? HostConfiguration(object configurator)
    {
        for (var type = configurator.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(Instance | BindingFlags.DeclaredOnly))
            {
                if (field.GetValue(configurator) is { } value && FieldOf(value.GetType(), PolicyField) is not null)
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static FieldInfo? FieldOf(Type type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.GetField(name, Instance | BindingFlags.DeclaredOnly) is { } field)
            {
                return field;
            }
        }

        return null;
    }
}
