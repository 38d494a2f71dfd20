using System.Text;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Cli;
using Spectre.Console;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// One run of the command host in-process: Output has everything (as on a terminal), Data is stdout's unwrapped data
/// (print, export), Errors is stderr.
/// </summary>
internal sealed record HostRun(int Exit, string Output, string Data, string Errors)
{
    /// <summary>Runs the host with its environment (only these variables) and working directory given; consoles 250 columns wide.</summary>
    public static async Task<HostRun> RunAsync(string workingDirectory, TemplateSet set, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var all = new StringWriter();
        var errors = new StringWriter();
        var data = new StringWriter();
        var exit = await TemplatesHost.RunAsync(
            args,
            set,
            new TemplatesHost.HostConsole(PlainConsole(all), PlainConsole(new TeeWriter(all, errors)), new TeeWriter(all, data)),
            name => environment?.GetValueOrDefault(name),
            workingDirectory,
            CancellationToken.None);
        return new HostRun(exit, all.ToString(), data.ToString(), errors.ToString());
    }

    /// <summary>A console writing plain text (no escape codes, 250 columns) to <paramref name="writer"/>.</summary>
    public static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 250;
        return console;
    }

    /// <summary>Writes to two writers.</summary>
    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void Write(string? value)
        {
            first.Write(value);
            second.Write(value);
        }
    }
}
