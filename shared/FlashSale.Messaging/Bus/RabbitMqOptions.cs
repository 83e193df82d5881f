namespace FlashSale.Messaging.Bus;

/// <summary>Bound from "RabbitMq". The appsettings URI (guest on loopback) is a DEVELOPMENT default.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>amqp://user:password@host:port/virtual-host (env: RabbitMq__Uri).</summary>
    public Uri Uri { get; set; } = new("amqp://guest:guest@127.0.0.1:5672/");

    /// <summary>Prefix for this service's queue names (isolates test runs that share a vhost).</summary>
    public string? EndpointPrefix { get; set; }

    /// <summary>
    /// Fault injection for tests and demos (never in production): every message a consumer receives is
    /// sent to its queue a second time with the same MessageId, so each consumer sees it twice.
    /// </summary>
    public bool DuplicateDeliveries { get; set; }
}
