// Exit 0 when the host's readiness endpoint answers 2xx within the timeout, 1 otherwise (a Docker HEALTHCHECK's contract).
// Usage: FlashSale.HealthProbe [url]; the default is the readiness endpoint of the image's port 8080 on loopback.
const string DefaultUrl = "http://127.0.0.1:8080/health/ready";

var url = args.Length > 0 ? args[0] : DefaultUrl;
if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
{
    Console.Error.WriteLine($"not an http(s) URL: {url}");
    return 2;
}

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
try
{
    using var response = await http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead);
    Console.WriteLine($"{(int)response.StatusCode} {target}");
    return response.IsSuccessStatusCode ? 0 : 1;
}
catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
{
    Console.Error.WriteLine($"{target}: {e.Message}");
    return 1;
}
