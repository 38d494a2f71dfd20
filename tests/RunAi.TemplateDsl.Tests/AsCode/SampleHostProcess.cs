using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// The sample's command host (samples/TemplatesAsCode) as a process of its own, as a terminal or a CI job runs it:
/// stdout and stderr redirected, only the <c>RUNAI_*</c> variables a test gives.
/// </summary>
internal static partial class SampleHostProcess
{
    /// <summary>The sample host's assembly, built before the tests (see the test project).</summary>
    public static string Path => typeof(SampleHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleHost").Value!;

    /// <summary>The start of the sample host with <paramref name="args"/>, in <paramref name="workingDirectory"/>, with <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        File.Exists(Path).Should().BeTrue($"the sample host is built before these tests ({Path})");
        // Through env --default-signal: a test run started in the background of a script ignores SIGINT, the child would
        // inherit that, and .NET leaves an ignored signal ignored. A user's Ctrl+C reaches a host that handles it.
        var start = new ProcessStartInfo("env") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--default-signal=INT,TERM", "dotnet", Path }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "RUNAI_BASE_URL", "RUNAI_TOKEN", "RUNAI_CLIENT_ID", "RUNAI_CLIENT_SECRET", "RUNAI_ALLOW_INSECURE_HTTP" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs the sample host to its end.</summary>
    public static Task<(int Exit, string Output, string Errors)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunToEndAsync(StartInfo(workingDirectory, environment, args), TimeSpan.FromSeconds(120));

    /// <summary>Runs a process to its end (killed after <paramref name="timeout"/>).</summary>
    public static async Task<(int Exit, string Output, string Errors)> RunToEndAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>
    /// Runs the sample host and sends it <paramref name="signal"/> (2 SIGINT, 15 SIGTERM) <paramref name="delay"/> after
    /// it writes a line that starts with <paramref name="linePrefix"/>.
    /// </summary>
    /// <remarks>
    /// The output is read, and the signal sent, on a thread of its own: a reader on the thread pool can fall hundreds of
    /// milliseconds behind while other tests run, and the signal would then come after the run has ended.
    /// </remarks>
    public static async Task<(int Exit, string Output, string Errors)> SignalAfterLineAsync(ProcessStartInfo start, string linePrefix, TimeSpan delay, int signal)
    {
        OperatingSystem.IsWindows().Should().BeFalse("the test sends POSIX signals");
        using var host = Process.Start(start)!;
        var output = new StringBuilder();
        var sent = (int?)null;
        var reader = new Thread(() =>
        {
            while (host.StandardOutput.ReadLine() is { } line)
            {
                output.AppendLine(line);
                if (sent is null && line.StartsWith(linePrefix, StringComparison.Ordinal))
                {
                    if (delay > TimeSpan.Zero)
                    {
                        Thread.Sleep(delay);
                    }

                    sent = Kill(host.Id, signal) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                }
            }
        }) { IsBackground = true };
        reader.Start();
        var errors = host.StandardError.ReadToEndAsync();
        try
        {
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }

        reader.Join(TimeSpan.FromSeconds(10)).Should().BeTrue("the output ends with the process");
        sent.Should().Be(0, "the signal is sent while the process runs (an errno otherwise; none: the line never came):\n{0}", output);
        return (host.ExitCode, output.ToString(), await errors);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
