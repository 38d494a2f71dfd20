using System.Diagnostics;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.AsCode;

namespace RunAi.TemplateDsl.Tests.Emulator;

/// <summary>The standalone emulator (the built Program), as a process of its own with its output redirected.</summary>
internal static class EmulatorCli
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
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

        // A crash is asserted on, not kept: no dump file.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        return start;
    }

    public static Process Start(params string[] arguments) => Process.Start(StartInfo(arguments))!;

    /// <summary>Runs it until it exits (it is killed after a minute): its exit code, its stdout and its stderr.</summary>
    public static Task<(int Exit, string Output, string Errors)> RunAsync(params string[] arguments) =>
        SampleHostProcess.RunToEndAsync(StartInfo(arguments), TimeSpan.FromSeconds(60));
}
