using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FlashSale.ServiceDefaults.OpenApi;

/// <summary>
/// What every host's OpenAPI document says beyond its routes, so a client (and the API reference at the gateway's
/// /scalar) sees the contract of docs/api.md: the bearer scheme, on every endpoint that needs a token; each problem
/// an endpoint answers, by status, with the catalogue's types as examples; example requests where declared.
/// </summary>
public sealed class ContractTransformers : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string BearerScheme = "Bearer";
    public const string ProblemSchema = "Problem";
    private const string ProblemMediaType = "application/problem+json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "HS256 JWT (issuer flashsale, audience flashsale-api, claims sub and role). In Development, "
                + "POST /api/auth/token at the gateway issues one: {\"userId\":\"u-1\",\"role\":\"shopper\"}.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var types = new List<string>();
        // Closed unless marked anonymous (the fallback policy): every other endpoint needs the bearer token.
        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            types.Add("unauthorized");
        }

        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthenticationExtensions.AdminPolicy))
        {
            types.Add("forbidden");
        }

        types.AddRange(metadata.OfType<ProblemResponses>().SelectMany(p => p.Types));
        AddProblems(operation, types.Distinct(StringComparer.Ordinal).Select(ProblemCatalogue.Get), context.Document);
        if (metadata.OfType<RequestExample>().LastOrDefault() is { } example)
        {
            AddExample(operation, example);
        }

        return Task.CompletedTask;
    }

    private static void AddProblems(OpenApiOperation operation, IEnumerable<ProblemEntry> problems, OpenApiDocument? document)
    {
        operation.Responses ??= [];
        foreach (var status in problems.GroupBy(p => p.Status).OrderBy(g => g.Key))
        {
            var examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal);
            foreach (var problem in status)
            {
                examples[problem.Type] = new OpenApiExample
                {
                    Summary = problem.Type,
                    Value = new JsonObject
                    {
                        ["type"] = ProblemTypes.Uri(problem.Type),
                        ["title"] = problem.Title,
                        ["status"] = problem.Status,
                        ["detail"] = problem.Example,
                    },
                };
            }

            operation.Responses[status.Key.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = string.Join(", ", status.Select(p => $"[{p.Type}]")) + " (type " + ProblemTypes.BaseUri + "<suffix>)",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document), Examples = examples },
                },
            };
        }
    }

    private static void AddExample(OpenApiOperation operation, RequestExample example)
    {
        if (example.Body is not null && operation.RequestBody is OpenApiRequestBody { Content: { } content })
        {
            foreach (var media in content.Values)
            {
                media.Example = JsonSerializer.SerializeToNode(example.Body, JsonSerializerOptions.Web);
            }
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && example.Parameters.TryGetValue(name, out var value))
            {
                parameter.Example = JsonValue.Create(value);
            }
        }
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 7807 problem details; the type names the problem (docs/api.md, \"Problem details\").",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "validation: the bad fields and what is wrong with each",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["limit"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "rate-limited: per-user, per-client-ip or per-sale" },
            ["retryAfterSeconds"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "rate-limited: also in Retry-After" },
        },
    };
}
