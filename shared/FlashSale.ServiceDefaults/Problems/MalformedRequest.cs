using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace FlashSale.ServiceDefaults.Problems;

/// <summary>
/// What was wrong with a request the framework could not bind, in the client's terms: the JSON path or the parameter
/// and the value sent. The framework's own messages name .NET types and internals, which a client has no use for and
/// an attacker should not read.
/// </summary>
public static partial class MalformedRequest
{
    public static string Describe(BadHttpRequestException badRequest)
    {
        if (badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return "The request body is larger than this API accepts.";
        }

        if (badRequest.InnerException is JsonException json)
        {
            return json.Path is { Length: > 1 } path
                ? $"The JSON body has a value of the wrong kind at '{path}'."
                : "The body is not valid JSON.";
        }

        if (FailedToBind().Match(badRequest.Message) is { Success: true } bind)
        {
            return $"'{Truncate(bind.Groups["value"].Value)}' is not a valid {bind.Groups["name"].Value}.";
        }

        if (Missing().Match(badRequest.Message) is { Success: true } missing)
        {
            return $"{missing.Groups["name"].Value} is required.";
        }

        return badRequest.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            ? "The request needs a JSON body of the documented shape."
            : "The request is malformed.";
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "...";

    // "Failed to bind parameter "long id" from "abc"."
    [GeneratedRegex("""^Failed to bind parameter "\S+ (?<name>[^"]+)" from "(?<value>.*)"\.?$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    // "Required parameter "string userId" was not provided from query string."
    [GeneratedRegex("""^Required parameter "\S+ (?<name>[^"]+)" was not provided""")]
    private static partial Regex Missing();
}
