using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>A test class whose every test gets an emulator of its own (in memory) and a client of it, stopped after the test.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    /// <summary>The test's emulator.</summary>
    protected RunAiEmulator Emulator { get; private set; } = null!;

    /// <summary>A client of <see cref="Emulator"/>.</summary>
    protected RunAiClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Emulator = await StartEmulatorAsync(Configure);
        Client = NewClient(Emulator);
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Sets the emulator's options before it starts.</summary>
    protected virtual void Configure(RunAiEmulatorOptions options)
    {
    }
}
