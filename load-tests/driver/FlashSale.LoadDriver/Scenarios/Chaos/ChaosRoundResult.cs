using System.Text.Json.Serialization;

namespace FlashSale.LoadDriver.Scenarios.Chaos;

/// <summary>The fault kinds of a chaos run, in the order of docs and --faults; host kills and server faults have different targets.</summary>
public static class Faults
{
    public const string KillInstances = "kill-instances";
    public const string RabbitMqRestart = "rabbitmq-restart";
    public const string RedisKill = "redis-kill";
    public const string PostgresRestart = "postgres-restart";
    public const string RedlockNodeDown = "redlock-node-down";
    public const string DuplicateDelivery = "duplicate-delivery";

    public static readonly IReadOnlyList<string> All = [KillInstances, RabbitMqRestart, RedisKill, PostgresRestart, RedlockNodeDown, DuplicateDelivery];

    /// <summary>The share of willing payers who must end paid: a killed instance has a replica; a restarted server takes everyone down a while.</summary>
    public static double PaidShareTarget(string fault) => fault is KillInstances or DuplicateDelivery ? 0.95 : 0.90;
}

/// <summary>One round of a chaos run: the fault, how fast the system worked again, the liveness and every invariant.</summary>
public sealed record ChaosRoundResult
{
    public required int Round { get; init; }

    public required string Fault { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string SaleId { get; init; }

    /// <summary>From the fault's end (server back, or instance killed) to the first probe started after it seen paid; null: no such instant or never.</summary>
    public double? FirstPaidSeconds { get; init; }

    /// <summary><see cref="FirstPaidSeconds"/> less the path's normal latency (<see cref="NormalProbeSeconds"/>): what the fault added.</summary>
    public double? RecoverySeconds { get; init; }

    /// <summary>False when the fault has an end instant but no probe after it was paid.</summary>
    public bool Recovered { get; init; }

    /// <summary>How long a probe took to be paid before the fault (the path's normal latency, part of every recovery figure).</summary>
    public double? NormalProbeSeconds { get; init; }

    public required long WillingPayers { get; init; }

    public required long WillingPayersPaid { get; init; }

    public double PaidShare => WillingPayers == 0 ? 1 : Math.Round((double)WillingPayersPaid / WillingPayers, 4);

    public required long Accepted { get; init; }

    public required long PurchaseCalls { get; init; }

    /// <summary>Purchase calls answered 5xx, timed out or refused the connection.</summary>
    public required long PurchaseFailures { get; init; }

    public required long Oversold { get; init; }

    public required long Lost { get; init; }

    public required long Drift { get; init; }

    /// <summary>Orders whose wallet ledger disagrees with their end (charged twice, charged unpaid, money left frozen).</summary>
    public required long WrongCharges { get; init; }

    /// <summary>Orders not ended by their payment deadline + 30 s.</summary>
    public required long LateOrders { get; init; }

    public required int FaultExitCode { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    [JsonIgnore]
    public bool InvariantsHold => Oversold == 0 && Lost == 0 && Drift == 0 && WrongCharges == 0 && LateOrders == 0;

    [JsonIgnore]
    public bool Passed => Failures.Count == 0;
}
