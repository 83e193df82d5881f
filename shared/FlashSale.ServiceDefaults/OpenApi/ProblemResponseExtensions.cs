using Microsoft.AspNetCore.Builder;

namespace FlashSale.ServiceDefaults.OpenApi;

/// <summary>Endpoint metadata: the problem types (docs/api.md suffixes) an endpoint can answer, for its OpenAPI document.</summary>
public sealed record ProblemResponses(IReadOnlyList<string> Types);

/// <summary>Endpoint metadata: example values for the request, shown (and pre-filled for "try it") in the API reference.</summary>
public sealed record RequestExample(object? Body, IReadOnlyDictionary<string, string> Parameters);

public static class ProblemResponseExtensions
{
    /// <summary>
    /// The problems this endpoint answers besides the ones its authorization implies (401, and 403 [forbidden] for
    /// admin endpoints, which the document adds by itself). Unknown suffixes throw here, at start-up.
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder endpoint, params string[] types) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var type in types)
        {
            ProblemCatalogue.Get(type);
        }

        return endpoint.WithMetadata(new ProblemResponses(types));
    }

    /// <summary>An example request: a JSON body (or null) and example values of parameters by name (path, query, header).</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder endpoint, object? body, params (string Name, string Value)[] parameters)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RequestExample(body, parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)));
}
