using System.Diagnostics;
using RunAi.TemplateDsl.Emulator;

namespace RunAi.TemplateDsl.Tests.Emulator;

/// <summary>The standalone emulator (the built Program), as a process of its own with its output redirected.</summary>
internal static class EmulatorCli
{
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(RunAiEmulator).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs it until it exits (it is killed after a minute): its exit code, its stderr and its stdout.</summary>
    public static async Task<(int ExitCode, string Errors, string Output)> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await errors, await output);
    }
}
