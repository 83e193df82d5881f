using System.Globalization;

namespace FlashSale.LoadDriver.Cli;

/// <summary>
/// The options of one command line, checked against the command's specs: unknown or repeated options and
/// missing values fail at once, and typed getters name the option and the accepted form in their errors.
/// </summary>
public sealed class ParsedOptions
{
    private readonly Dictionary<string, OptionSpec> _specs;
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private ParsedOptions(IReadOnlyList<OptionSpec> specs) => _specs = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public bool HelpRequested { get; private set; }

    public static ParsedOptions Parse(IReadOnlyList<OptionSpec> specs, IReadOnlyList<string> args)
    {
        var parsed = new ParsedOptions(specs);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                parsed.HelpRequested = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}': options look like --name value");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            if (!parsed._specs.TryGetValue(name, out var spec))
            {
                throw new UsageException($"unknown option --{name}");
            }

            string value;
            if (equals > 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value");
            }

            if (!parsed._values.TryGetValue(name, out var list))
            {
                parsed._values[name] = list = [];
            }
            else if (!spec.Repeatable)
            {
                throw new UsageException($"--{name} is given more than once");
            }

            list.Add(value);
        }

        return parsed;
    }

    public string Text(string name) => Raw(name) ?? throw new UsageException($"--{name} is required");

    public string? OptionalString(string name) => Raw(name);

    public IReadOnlyList<string> All(string name)
    {
        Spec(name);
        return _values.TryGetValue(name, out var list) ? list : [];
    }

    public int WholeNumber(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Text(name);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number {RangeText(min, max)}, got '{text}'");
        }

        return value;
    }

    public double Number(string name, double min = 0, double max = double.MaxValue)
    {
        var text = Text(name);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw new UsageException($"--{name} must be a number {RangeText(min, max)}, got '{text}'");
        }

        return value;
    }

    /// <summary>A duration as 10 (seconds), 10s, 250ms or 2m.</summary>
    public TimeSpan Duration(string name, TimeSpan? min = null)
    {
        var text = Text(name);
        if (!TryParseDuration(text, out var value) || value < (min ?? TimeSpan.Zero))
        {
            throw new UsageException($"--{name} must be a duration like 10, 10s, 250ms or 2m (at least {min ?? TimeSpan.Zero}), got '{text}'");
        }

        return value;
    }

    public Uri Url(string name)
    {
        var text = Text(name);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--{name} must be an absolute http(s) URL, got '{text}'");
        }

        return uri;
    }

    public T Choice<T>(string name, IReadOnlyDictionary<string, T> choices)
    {
        var text = Text(name);
        return choices.TryGetValue(text, out var value)
            ? value
            : throw new UsageException($"--{name} must be one of {string.Join(", ", choices.Keys)}, got '{text}'");
    }

    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ => (text, 1.0),
        };
        var ok = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0 && amount < 1e6;
        value = ok ? TimeSpan.FromSeconds(amount * unit) : TimeSpan.Zero;
        return ok;
    }

    private string? Raw(string name) =>
        _values.TryGetValue(name, out var list) ? list[^1] : Spec(name).Default;

    private OptionSpec Spec(string name) =>
        _specs.TryGetValue(name, out var spec) ? spec : throw new InvalidOperationException($"The command reads --{name} but does not declare it.");

    private static string RangeText(double min, double max) => (min, max) switch
    {
        (double.MinValue or int.MinValue, double.MaxValue or int.MaxValue) => "",
        (_, double.MaxValue or int.MaxValue) => string.Create(CultureInfo.InvariantCulture, $"of at least {min}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"between {min} and {max}"),
    };
}
