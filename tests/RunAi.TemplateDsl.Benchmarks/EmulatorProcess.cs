using System.Diagnostics;
using RunAi.TemplateDsl.Emulator;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// The emulator as a process of its own on 127.0.0.1 (so the measuring process holds only the client), with an empty
/// in-memory store. Each benchmark case starts its own: the emulator's cost per create grows with the templates it
/// holds (its CPU per create rose from 133 to 193 µs between 28,000 and 280,000 templates), so one emulator shared by
/// all cases made every case pay for the templates of the cases run before it.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    public const string Token = "bench-token";

    private readonly Process _process;

    private EmulatorProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The emulator's base URL.</summary>
    public string Url { get; }

    public static EmulatorProcess Start()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            ArgumentList = { typeof(RunAiEmulator).Assembly.Location, "--port", "0", "--token", Token },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator.");
        try
        {
            var first = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult()
                ?? throw new InvalidOperationException("The emulator exited before printing its address.");
            _ = process.StandardOutput.ReadToEndAsync();
            return new EmulatorProcess(process, first.Split(' ')[^1]);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
