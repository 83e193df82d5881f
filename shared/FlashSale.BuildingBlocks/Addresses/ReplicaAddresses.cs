namespace FlashSale.BuildingBlocks.Addresses;

/// <summary>
/// One setting names every replica of a service: base addresses separated by ';'
/// (e.g. Services__Inventory="http://127.0.0.1:8081;http://127.0.0.1:8181").
/// </summary>
public static class ReplicaAddresses
{
    public static IReadOnlyList<Uri> Parse(string setting, string settingName)
    {
        var addresses = setting.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new InvalidOperationException($"{settingName}: '{address}' is not an absolute http(s) address."))
            .ToList();
        return addresses.Count > 0 ? addresses : throw new InvalidOperationException($"{settingName} names no address.");
    }
}
