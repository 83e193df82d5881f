using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FlashSale.ServiceDefaults.Observability;

public static class OpenTelemetryExtensions
{
    /// <summary>Meters and activity sources of the project's own code start with this prefix.</summary>
    public const string FlashSaleInstrumentationPrefix = "FlashSale.";

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var budget = new TraceBudget(telemetry.TracesPerSecond, TimeProvider.System);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "Npgsql", FlashSaleInstrumentationPrefix + "*"))
            .WithTracing(tracing => tracing
                .SetSampler(BackgroundCallSampler.Create(budget))
                .AddSource(builder.Environment.ApplicationName, "MassTransit", FlashSaleInstrumentationPrefix + "*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql")
                .AddRedisInstrumentation());

        // The standard OTLP variable switches the exporter on; without it telemetry stays in-process.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }
}
