using System.Diagnostics;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Deployment;

public sealed class ComposeFileTests
{
    [Fact]
    public async Task Docker_compose_file_is_valid()
    {
        var info = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(RepositoryRoot.Path, "docker-compose.yml"), "config", "-q"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"docker-compose config -q failed: {errors}");
    }
}
