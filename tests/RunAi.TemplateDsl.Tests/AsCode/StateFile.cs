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

    /// <summary>Whether no one holds the state's lock now: it can be taken (and is released at once).</summary>
    public static bool LockIsFree(string path)
    {
        try
        {
            using var probe = TemplateSetState.TakeLock(path, exclusiveCreate: false);
            return true;
        }
        catch (TemplateSetStateException)
        {
            return false;
        }
    }
}
