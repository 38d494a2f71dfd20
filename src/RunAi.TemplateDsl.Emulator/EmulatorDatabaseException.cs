namespace RunAi.TemplateDsl.Emulator;

/// <summary>
/// The emulator's database (<see cref="RunAiEmulatorOptions.DatabasePath"/>, <c>--db</c>) cannot be opened or used: it
/// is not a SQLite database, is a folder, cannot be written, or was written by a newer emulator. The message names the
/// file; <see cref="Exception.InnerException"/> says what failed. The file is closed again, so it can be moved or deleted.
/// </summary>
public sealed class EmulatorDatabaseException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="message">What went wrong, naming the file.</param>
    /// <param name="innerException">The cause.</param>
    public EmulatorDatabaseException(string path, string message, Exception innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }
}
