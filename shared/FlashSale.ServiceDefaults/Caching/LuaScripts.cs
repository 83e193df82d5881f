using System.Collections.Concurrent;
using System.Reflection;

namespace FlashSale.ServiceDefaults.Caching;

/// <summary>
/// Redis Lua scripts kept as .lua files, embedded in their assembly as "lua/&lt;name&gt;.lua": a script reads and
/// diffs as the Lua it is, with its KEYS/ARGV layout in its header. StackExchange.Redis sends each script once
/// and runs it by SHA afterwards.
/// </summary>
public static class LuaScripts
{
    private static readonly ConcurrentDictionary<(Assembly, string), string> Loaded = new();

    /// <summary>The script <paramref name="name"/> embedded in the assembly of <typeparamref name="TAnchor"/>.</summary>
    public static string Load<TAnchor>(string name) =>
        Loaded.GetOrAdd((typeof(TAnchor).Assembly, name), static key =>
        {
            var (assembly, script) = key;
            using var stream = assembly.GetManifestResourceStream($"lua/{script}.lua")
                ?? throw new InvalidOperationException($"No embedded Lua script '{script}' in {assembly.GetName().Name} (expected resource lua/{script}.lua).");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });
}
