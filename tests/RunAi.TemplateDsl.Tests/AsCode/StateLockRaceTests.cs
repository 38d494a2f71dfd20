using System.Runtime.InteropServices;
using RunAi.TemplateDsl.AsCode;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// The state's lock against a run caught between opening the lock file and locking it (the two steps of .NET's
/// FileStream with FileShare.None on Linux). When the holder deleted the lock file on release, that run locked the deleted
/// file while a third run created and locked a new one: two runs held "the" lock at once.
/// </summary>
public sealed partial class StateLockRaceTests : IDisposable
{
    private const int ReadWrite = 2;

    // Not inherited by the processes other tests start meanwhile: a child holding the same open file would keep its
    // lock after this test closes it (as .NET opens its own files).
    private const int CloseOnExec = 0x80000;
    private const int LockExclusiveNonBlocking = 2 | 4;

    private readonly string _directory = Directory.CreateTempSubdirectory("runai-lock-race-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_run_that_opened_the_lock_file_before_the_holder_released_it_and_a_third_run_never_both_hold_it()
    {
        OperatingSystem.IsLinux().Should().BeTrue("the test stands in for .NET's open-then-flock with libc's");
        var statePath = Path.Combine(_directory, "state.json");
        var first = await TemplateSetState.LoadAsync(statePath, "test");

        // The second run has opened PATH.lock and not locked it yet.
        var fd = Open(statePath + ".lock", ReadWrite | CloseOnExec);
        fd.Should().BeGreaterThan(0);
        try
        {
            first.Dispose();
            Flock(fd, LockExclusiveNonBlocking).Should().Be(0, "the first run released the lock, so the second takes it");

            var third = async () =>
            {
                using var state = await TemplateSetState.LoadAsync(statePath, "test");
            };

            await third.Should().ThrowAsync<TemplateSetStateException>("the second run holds the lock").WithMessage("Another plan or apply is using the state file*");
        }
        finally
        {
            Close(fd).Should().Be(0);
        }

        StateFile.LockIsFree(statePath).Should().BeTrue();
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "flock")]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
