namespace FlashSale.BuildingBlocks.Ids;

/// <summary>Bound from the "Ids" configuration section (env: Ids__WorkerId).</summary>
public sealed class IdGeneratorOptions
{
    public const string Section = "Ids";

    /// <summary>0..1023, unique per running replica (e.g. the StatefulSet ordinal in k8s/).</summary>
    public int WorkerId { get; set; }

    public TimeSpan MaxClockRollback { get; set; } = TimeSpan.FromSeconds(5);
}
