using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// The analyzers reach users through the package: pack the library, build a fresh console project that references
/// it from a local folder feed, and find RAI3003 in the build output at the right file and line — through the
/// precompiled (ReadyToRun) analyzer where the package's targets choose it (the dotnet CLI on linux-x64), and
/// through the IL analyzer otherwise.
/// </summary>
public sealed class PackageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_package_carries_the_analyzers_to_a_new_project()
    {
        var root = RobustnessTests.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("runai-package-test-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            // PackageVersion, not Version: the assembly keeps its version, so the pack reuses the Release build in the
            // working tree instead of overwriting it with a differently versioned one that other test runs then copy.
            var version = "0.0.0-analyzertest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
            var pack = await RunAsync(root, "pack", Path.Combine(root, "src", "RunAi.TemplateDsl"), "-c", "Release", "-o", feed, "-p:PackageVersion=" + version, "-nologo");
            pack.ExitCode.Should().Be(0, pack.Output);
            var package = Path.Combine(feed, "RunAi.TemplateDsl." + version + ".nupkg");
            using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
            {
                zip.Entries.Select(e => e.FullName).Should().Contain(["analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll", "analyzers/dotnet/cs/RunAi.TemplateDsl.CodeFixes.dll", "build/RunAi.TemplateDsl.targets"]);
                IsReadyToRun(zip, "analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll").Should().BeFalse("every host can load the IL analyzer");
                if (ReadyToRunHost)
                {
                    IsReadyToRun(zip, ReadyToRunEntry).Should().BeTrue("the package is packed on linux-x64, where the precompiled analyzer is built");
                }
            }

            var app = Path.Combine(work.FullName, "app");
            Directory.CreateDirectory(app);
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
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
                    <RestorePackagesPath>{Path.Combine(work.FullName, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="RunAi.TemplateDsl" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
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
            build.Output.Should().Contain(ReadyToRunHost ? "/analyzer:" + Path.Combine(work.FullName, "packages", "runai.templatedsl", version, ReadyToRunEntry) : "analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll");

            var opted = await RunAsync(app, "build", "-nologo", "-clp:NoSummary", "-v:detailed", "-p:RunAiTemplateDslReadyToRunAnalyzer=false");
            opted.ExitCode.Should().NotBe(0, "RAI3003 is an error");
            opted.Output.Should().MatchRegex(@"Program\.cs\(5,\d+\): error RAI3003: Operator 'Gt' takes exactly one value; 2 are given\.");
            opted.Output.Should().Contain("/analyzer:" + Path.Combine(work.FullName, "packages", "runai.templatedsl", version, "analyzers/dotnet/cs/RunAi.TemplateDsl.Analyzers.dll"))
                .And.NotContain(ReadyToRunEntry);
        }
        finally
        {
            work.Delete(recursive: true);
        }
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

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
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
