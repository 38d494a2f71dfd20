using RunAi.TemplateDsl.AsCode;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>Reads a state file for a test's assertions.</summary>
internal static class StateFile
{
    /// <summary>What the state file says now: read, and its lock released at once (a disposed state stays readable).</summary>
    public static async Task<TemplateSetState> ReadAsync(string path, string target)
    {
        using var state = await TemplateSetState.LoadAsync(path, target);
        return state;
    }
}
