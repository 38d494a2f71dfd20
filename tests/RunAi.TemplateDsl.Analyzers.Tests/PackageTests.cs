using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// What users get from the packages, used as users use them: the library, the emulator and the command host are packed
/// into a local folder feed once (<see cref="PackageFeed"/>), and fresh console projects restore them from it.
/// </summary>
public sealed class PackageTests(PackageFeed feed, ITestOutputHelper output) : IClassFixture<PackageFeed>
{
    /// <summary>
    /// The analyzers reach users through the package: a project that references it finds RAI3003 in the build output at
    /// the right file and line — through the precompiled (ReadyToRun) analyzer where the package's targets choose it
    /// (the dotnet CLI on linux-x64), and through the IL analyzer otherwise.
    /// </summary>
    [Fact]
    public async Task The_package_carries_the_analyzers_to_a_new_project()
    {
        using (var zip = System.IO.Compression.ZipFile.OpenRead(feed.PackagePath("RunAi.TemplateDsl")))
        {
            zip.Entries.Select(e => e.FullName).Should().Contain(["analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll", "analyzers/dotnet/cs/RunAi.TemplateDsl.CodeFixes.dll", "build/RunAi.TemplateDsl.targets"]);
            IsReadyToRun(zip, "analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll").Should().BeFalse("every host can load the IL analyzer");
            if (ReadyToRunHost)
            {
                IsReadyToRun(zip, ReadyToRunEntry).Should().BeTrue("the package is packed on linux-x64, where the precompiled analyzer is built");
            }
        }

        var app = await feed.CreateAppAsync("analyzed", "RunAi.TemplateDsl", """
            using RunAi.TemplateDsl;

            var template = Template.Named("gpu-count")
                .InTenant()
                .WithNodeAffinity(n => n.Term(t => t.Match("nvidia.com/gpu.count", MatchOperator.Gt, "1", "2")));
            Console.WriteLine(template.Name);
            """);

        // -v:detailed shows the compiler's command line: which analyzer file it was given.
        var build = await RunAsync(app, "build", "-nologo", "-clp:NoSummary", "-v:detailed");
        output.WriteLine(build.Output);
        build.ExitCode.Should().NotBe(0, "RAI3003 is an error");
        build.Output.Should().MatchRegex(@"Program\.cs\(5,\d+\): error RAI3003: Operator 'Gt' takes exactly one value; 2 are given\.");
        build.Output.Should().Contain(ReadyToRunHost ? "/analyzer:" + feed.Restored("runai.templatedsl", ReadyToRunEntry) : "analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll");

        var opted = await RunAsync(app, "build", "-nologo", "-clp:NoSummary", "-v:detailed", "-p:RunAiTemplateDslReadyToRunAnalyzer=false");
        opted.ExitCode.Should().NotBe(0, "RAI3003 is an error");
        opted.Output.Should().MatchRegex(@"Program\.cs\(5,\d+\): error RAI3003: Operator 'Gt' takes exactly one value; 2 are given\.");
        opted.Output.Should().Contain("/analyzer:" + feed.Restored("runai.templatedsl", "analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll"))
            .And.NotContain(ReadyToRunEntry);
    }

    /// <summary>
    /// A templates-as-code project outside this repository needs one package reference, the command host's: it brings
    /// the library (with its analyzers and the build targets that choose between them, which a package dependency would
    /// leave out by default), the emulator, and
    /// `apply` then `plan` against the embedded emulator work as the README says.
    /// </summary>
    [Fact]
    public async Task A_templates_as_code_project_needs_only_the_host_package()
    {
        using (var zip = System.IO.Compression.ZipFile.OpenRead(feed.PackagePath("RunAi.TemplateDsl.Cli")))
        {
            zip.Entries.Select(e => e.FullName).Should().Contain(["lib/net10.0/RunAi.TemplateDsl.Cli.dll", "lib/net10.0/RunAi.TemplateDsl.Cli.xml", "README.md"]);
        }

        using (var zip = System.IO.Compression.ZipFile.OpenRead(feed.PackagePath("RunAi.TemplateDsl.Emulator")))
        {
            zip.Entries.Select(e => e.FullName).Should().Contain(["lib/net10.0/RunAi.TemplateDsl.Emulator.dll", "lib/net10.0/RunAi.TemplateDsl.Emulator.xml", "README.md"]);
        }

        var app = await feed.CreateAppAsync("ascode", "RunAi.TemplateDsl.Cli", """
            using RunAi.TemplateDsl;
            using RunAi.TemplateDsl.AsCode;
            using RunAi.TemplateDsl.Cli;

            var set = TemplateSet.Of(
                Template.Named("notebook").InTenant().ForWorkspace().WithEnvironment("2c4e6a8b-1d3f-4b5c-9e7a-0f1b2c3d4e5f"),
                Template.Named("pytorch-ddp").InProject(42).WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d")
                    .Distributed(DistributedFramework.PyTorch, workers: 4));

            // The project's own Program: a public global Program in a referenced package would make this CS0436.
            Console.Error.WriteLine(typeof(Program).Assembly.GetName().Name);
            return await TemplatesHost.RunAsync(args, set);
            """);

        var build = await RunAsync(app, "build", "-nologo", "-clp:NoSummary", "-v:detailed");
        build.ExitCode.Should().Be(0, build.Output);
        build.Output.Should().Contain(
            "/analyzer:" + feed.Restored("runai.templatedsl", ReadyToRunHost ? ReadyToRunEntry : "analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll"),
            "the library's analyzers come with the host package, chosen by the library's build targets");

        var apply = await RunAsync(app, "run", "--no-build", "--", "apply");
        output.WriteLine(apply.Output);
        apply.ExitCode.Should().Be(0, apply.Output);
        apply.Output.Should().Contain("embedded emulator").And.MatchRegex(@"created notebook \(tenant/notebook\) as [0-9a-f-]{36}")
            .And.MatchRegex(@"created pytorch-ddp \(project 42/pytorch-ddp\) as [0-9a-f-]{36}");
        File.Exists(Path.Combine(app, ".runai-emulator", "state.json")).Should().BeTrue();

        var plan = await RunAsync(app, "run", "--no-build", "--", "plan");
        output.WriteLine(plan.Output);
        plan.ExitCode.Should().Be(0, "the apply settled the embedded emulator: " + plan.Output);
        plan.Output.Should().Contain("No changes").And.Contain("2 unchanged");
    }

    private const string ReadyToRunEntry = "build/r2r/linux-x64/RunAi.TemplateDsl.Analyzers.dll";

    /// <summary>Where the package is built with, and its targets choose, the precompiled analyzer.</summary>
    private static bool ReadyToRunHost => OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;

    /// <summary>Whether a package entry is a ReadyToRun image (its CLI header points to native code).</summary>
    private static bool IsReadyToRun(System.IO.Compression.ZipArchive zip, string entry)
    {
        using var bytes = new MemoryStream();
        using (var stream = zip.GetEntry(entry)!.Open())
        {
            stream.CopyTo(bytes);
        }

        bytes.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(bytes);
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A build server shared with the outer build would outlive the test; MSBuild node reuse too.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";

        // The command host would take a tenant from these; the test's target is the embedded emulator.
        foreach (var name in new[] { "RUNAI_BASE_URL", "RUNAI_TOKEN", "RUNAI_CLIENT_ID", "RUNAI_CLIENT_SECRET" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var text = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        text.Append(await stdout).Append(await stderr);
        return (process.ExitCode, text.ToString());
    }
}

/// <summary>
/// The three packages, packed once for the tests that use them into a temporary folder feed, with a version of their
/// own; and fresh console projects that restore from that feed (and the registry, for the packages' dependencies).
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    private static readonly string[] Packages = ["RunAi.TemplateDsl", "RunAi.TemplateDsl.Emulator", "RunAi.TemplateDsl.Cli"];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("runai-package-test-");

    /// <summary>
    /// PackageVersion, not Version: the assemblies keep their version, so the pack reuses the Release build in the
    /// working tree instead of overwriting it with a differently versioned one that other test runs then copy.
    /// </summary>
    public string Version { get; } = "0.0.0-packagetest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

    private string Feed => Path.Combine(_work.FullName, "feed");

    private string RestoredPackages => Path.Combine(_work.FullName, "packages");

    /// <summary>The .nupkg of <paramref name="id"/>.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, id + "." + Version + ".nupkg");

    /// <summary>Where a file of a package restored by the test's projects is (<paramref name="id"/> in lower case, as NuGet keeps it).</summary>
    public string Restored(string id, string entry) => Path.Combine(RestoredPackages, id, Version, entry);

    public async Task InitializeAsync()
    {
        var root = RobustnessTests.RepositoryRoot();
        foreach (var package in Packages)
        {
            var pack = await PackageTests.RunAsync(root, "pack", Path.Combine(root, "src", package), "-c", "Release", "-o", Feed, "-p:PackageVersion=" + Version, "-nologo");
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack of {package} failed ({pack.ExitCode}):\n{pack.Output}");
            }
        }
    }

    /// <summary>
    /// A new console project in its own folder that references <paramref name="packageId"/> from the feed, with warnings
    /// as errors as demanding users build (a package's public global <c>Program</c> would break one that names its own: CS0436).
    /// </summary>
    public async Task<string> CreateAppAsync(string name, string packageId, string program)
    {
        var app = Path.Combine(_work.FullName, name);
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{RestoredPackages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{packageId}" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), program);
        return app;
    }

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
