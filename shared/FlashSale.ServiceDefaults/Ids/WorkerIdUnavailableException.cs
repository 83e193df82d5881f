namespace FlashSale.ServiceDefaults.Ids;

/// <summary>No valid worker id lease: the instance must not issue ids until it holds one again (answered as 503).</summary>
public sealed class WorkerIdUnavailableException(string message) : Exception(message);
