using FlashSale.LoadDriver.Cli;

namespace FlashSale.LoadDriver.Tests.Cli;

public sealed class ParsedOptionsTests
{
    private static readonly OptionSpec[] Specs =
    [
        new("rate", "arrival rate", "200"),
        new("duration", "window", "10s"),
        new("gateway", "url", "http://127.0.0.1:8080"),
        new("label", "label"),
        OptionSpec.Many("watch", "processes"),
    ];

    private static ParsedOptions Parse(params string[] args) => ParsedOptions.Parse(Specs, args);

    [Fact]
    public void Values_come_from_the_command_line_or_else_the_defaults()
    {
        var options = Parse("--rate", "350.5", "--duration=2m", "--watch", "a=1", "--watch", "b=2,3");

        Assert.Equal(350.5, options.Number("rate", 0.1));
        Assert.Equal(TimeSpan.FromMinutes(2), options.Duration("duration"));
        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.Url("gateway"));
        Assert.Equal(["a=1", "b=2,3"], options.All("watch"));
        Assert.Null(options.OptionalString("label"));
    }

    [Theory]
    [InlineData("10", 10_000)]
    [InlineData("10s", 10_000)]
    [InlineData("250ms", 250)]
    [InlineData("1.5m", 90_000)]
    public void Durations_take_seconds_milliseconds_or_minutes(string text, int milliseconds)
    {
        Assert.True(ParsedOptions.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData(new[] { "--nope", "1" }, "unknown option --nope")]
    [InlineData(new[] { "--rate" }, "--rate needs a value")]
    [InlineData(new[] { "--rate", "1", "--rate", "2" }, "--rate is given more than once")]
    [InlineData(new[] { "rate" }, "unexpected argument 'rate'")]
    public void Mistakes_in_the_command_line_are_named(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_getters_name_the_option_the_accepted_form_and_what_was_given()
    {
        var options = Parse("--rate", "fast", "--duration", "soon", "--gateway", "ftp://x");

        Assert.Equal("--rate must be a number of at least 0.1, got 'fast'", Assert.Throws<UsageException>(() => options.Number("rate", 0.1)).Message);
        Assert.Contains("--duration must be a duration like 10, 10s, 250ms or 2m", Assert.Throws<UsageException>(() => options.Duration("duration")).Message, StringComparison.Ordinal);
        Assert.Equal("--gateway must be an absolute http(s) URL, got 'ftp://x'", Assert.Throws<UsageException>(() => options.Url("gateway")).Message);
        Assert.Equal("--label is required", Assert.Throws<UsageException>(() => options.Text("label")).Message);
    }

    [Fact]
    public void Whole_numbers_are_checked_against_their_range()
    {
        var options = Parse("--rate", "0");

        Assert.Equal("--rate must be a whole number between 1 and 100, got '0'",
            Assert.Throws<UsageException>(() => options.WholeNumber("rate", 1, 100)).Message);
    }

    [Fact]
    public void Choices_list_what_is_accepted()
    {
        var options = Parse("--label", "maybe");
        var choices = new Dictionary<string, int> { ["admitted"] = 1, ["sold-out"] = 2 };

        Assert.Equal("--label must be one of admitted, sold-out, got 'maybe'", Assert.Throws<UsageException>(() => options.Choice("label", choices)).Message);
    }

    [Fact]
    public void Help_is_recognised_anywhere()
    {
        Assert.True(Parse("--rate", "5", "--help").HelpRequested);
    }
}
