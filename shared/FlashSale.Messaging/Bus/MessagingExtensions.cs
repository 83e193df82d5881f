using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlashSale.Messaging.Bus;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ with publisher confirms, durable kebab-case endpoints and a readiness
    /// check on the bus. <paramref name="configure"/> adds the service's consumers.
    /// </summary>
    public static IHostApplicationBuilder AddServiceMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        var options = builder.Configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        builder.Services.AddSingleton(new Monitoring.QueueDepths(options.Uri));
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix, includeNamespace: false));
            // MassTransit reports usage to its vendor by default; a service has no business calling out for that.
            bus.DisableUsageTelemetry();
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(options.Uri, host =>
                {
                    host.PublisherConfirmation = true;
                    host.Heartbeat(TimeSpan.FromSeconds(10));
                    host.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                });
                rabbit.RetryLostConnectionsQuickly();
                if (options.DuplicateDeliveries)
                {
                    rabbit.UseConsumeFilter(typeof(DuplicateDeliveryFilter<>), context);
                }

                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Readiness (and the tests that probe it) should see the bus started, not "starting".
            o.WaitUntilStarted = true;
            // No start timeout: a host started while RabbitMQ is away keeps connecting and starts once it answers,
            // instead of giving up after a minute and exiting.
            o.StartTimeout = null;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
