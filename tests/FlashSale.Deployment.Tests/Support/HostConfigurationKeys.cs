using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace FlashSale.Deployment.Tests.Support;

/// <summary>
/// The configuration keys one host really reads, gathered from the host itself, never from the manifests:
/// <list type="bullet">
/// <item>its options classes: every class with a <c>Section</c> constant in the host's assembly and the FlashSale
/// libraries it references, walked property by property (what <c>BindConfiguration(Section)</c> binds);</item>
/// <item>every key of its appsettings*.json (e.g. the gateway's <c>Services:inventory</c>, read by name);</item>
/// <item>the host settings ASP.NET Core and .NET define (<see cref="WebHostDefaults"/>, <see cref="HostDefaults"/>:
/// <c>urls</c>, <c>environment</c>, ...), read from ASPNETCORE_/DOTNET_ variables or plain keys;</item>
/// <item>the OTEL_* variables the OpenTelemetry libraries the host ships define as constants.</item>
/// </list>
/// An environment variable is a key when its name, with "__" read as ":", is one of these or lies under a section
/// bound as a dictionary or a list.
/// </summary>
public sealed partial class HostConfigurationKeys
{
    private static readonly ConcurrentDictionary<string, HostConfigurationKeys> Cache = new();

    private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _openSections = [];
    private readonly HashSet<string> _hostKeys;
    private readonly HashSet<string> _openTelemetryVariables;

    private HostConfigurationKeys(HostProject host)
    {
        if (!File.Exists(host.AssemblyPath))
        {
            throw new InvalidOperationException($"{host.AssemblyPath} is missing: build the solution first.");
        }

        var context = new HostLoadContext(host.AssemblyPath);
        var assembly = context.LoadFromAssemblyPath(host.AssemblyPath);
        foreach (var options in OptionsClasses(FlashSaleAssemblies(assembly, context)))
        {
            AddProperties((string)options.GetField("Section")!.GetRawConstantValue()!, options, depth: 0);
        }

        foreach (var file in Directory.EnumerateFiles(host.ProjectFolder, "appsettings*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            AddJson("", document.RootElement);
        }

        // Public static string fields (readonly, not const) naming each host setting: "urls", "environment", ...
        _hostKeys = typeof(WebHostDefaults).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(HostDefaults).GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(string))
            .Select(f => (string)f.GetValue(null)!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        _openTelemetryVariables = OpenTelemetryVariables(Path.GetDirectoryName(host.AssemblyPath)!, context);
    }

    public static HostConfigurationKeys Of(HostProject host) => Cache.GetOrAdd(host.Name, _ => new HostConfigurationKeys(host));

    /// <summary>The OTEL_* variables the host's OpenTelemetry libraries read (for a test that the set is not empty).</summary>
    public IReadOnlySet<string> OpenTelemetryVariables() => _openTelemetryVariables;

    public bool Reads(string environmentVariable)
    {
        foreach (var prefix in HostVariablePrefixes)
        {
            if (environmentVariable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && _hostKeys.Contains(environmentVariable[prefix.Length..]))
            {
                return true;
            }
        }

        if (_openTelemetryVariables.Contains(environmentVariable))
        {
            return true;
        }

        var key = environmentVariable.Replace("__", ":", StringComparison.Ordinal);
        return _keys.Contains(key) || _hostKeys.Contains(key)
            || _openSections.Any(section => key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase));
    }

    // ASPNETCORE_URLS and DOTNET_ENVIRONMENT are the host's "urls" and "environment".
    private static readonly string[] HostVariablePrefixes = ["ASPNETCORE_", "DOTNET_"];

    private static List<Assembly> FlashSaleAssemblies(Assembly host, AssemblyLoadContext context)
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal) { [host.GetName().Name!] = host };
        var pending = new Queue<Assembly>([host]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("FlashSale.", StringComparison.Ordinal)))
            {
                if (!seen.ContainsKey(reference.Name!))
                {
                    var loaded = context.LoadFromAssemblyName(reference);
                    seen[reference.Name!] = loaded;
                    pending.Enqueue(loaded);
                }
            }
        }

        return [.. seen.Values];
    }

    private static IEnumerable<Type> OptionsClasses(IEnumerable<Assembly> assemblies) =>
        from assembly in assemblies
        from type in LoadableTypes(assembly)
        let section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)
        where type.IsClass && section is { IsLiteral: true } && section.FieldType == typeof(string)
        select type;

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    private void AddProperties(string prefix, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                _keys.Add(key);
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                // A dictionary or a list: its entries are keys the manifests may name freely.
                _openSections.Add(key);
            }
            else if (depth < 5)
            {
                AddProperties(key, propertyType, depth + 1);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);

    private void AddJson(string prefix, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject().Where(p => !p.Name.StartsWith("//", StringComparison.Ordinal)))
                {
                    AddJson(prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", property.Value);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    AddJson($"{prefix}:{index++}", item);
                }

                break;
            default:
                _keys.Add(prefix);
                break;
        }
    }

    private static HashSet<string> OpenTelemetryVariables(string folder, HostLoadContext context) =>
        (from file in Directory.EnumerateFiles(folder, "OpenTelemetry*.dll")
         from type in LoadableTypes(context.LoadFromAssemblyPath(file))
         from field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
         where field.IsLiteral && field.FieldType == typeof(string)
         let value = (string)field.GetRawConstantValue()!
         where OtelVariable().IsMatch(value)
         select value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("^OTEL_[A-Z_]+$")]
    private static partial Regex OtelVariable();

    /// <summary>The host's own dependencies from its deps.json; the shared frameworks from this test process.</summary>
    private sealed class HostLoadContext(string hostAssembly) : AssemblyLoadContext($"host:{Path.GetFileName(hostAssembly)}", isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(hostAssembly);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
