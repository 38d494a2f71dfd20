using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace RunAi.TemplateDsl.Cli;

/// <summary>
/// The client's warnings (a retry after a 503, a create looked up after a lost answer) as lines on the host's stderr,
/// so that an operator sees why a run is waiting. Debug and information messages are left out.
/// </summary>
internal sealed class ConsoleLog(IAnsiConsole errors) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            errors.MarkupLine("[grey]" + TemplatesHost.Shown(formatter(state, exception)) + "[/]");
        }
    }
}
