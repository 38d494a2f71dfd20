using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using RunAi.TemplateDsl.Cli;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.AsCode.HostTemplates;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// A RUNAI_BASE_URL that is wrong (nothing listens, a web page, a server that never answers): the client's messages name
/// the path only, so the host adds the URL and what to check; and RUNAI_REQUEST_TIMEOUT and RUNAI_MAX_RETRIES bound how
/// long it tries (a server that accepted and never answered held a plan for 2.5 minutes, with no way to shorten it).
/// </summary>
public sealed class HostTargetHintTests() : HostTestBase("runai-host-hint-")
{
    private static Dictionary<string, string> Tenant(string url, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["RUNAI_BASE_URL"] = url, ["RUNAI_TOKEN"] = "t0ken", [HostTarget.MaxRetriesVariable] = "0" };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    [Fact]
    public async Task Nothing_listening_names_the_url_to_check()
    {
        // Bound, not listening: the connection is refused, and the port stays this test's.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var url = "http://127.0.0.1:" + ((IPEndPoint)closed.LocalEndPoint!).Port;

        var result = await RunAsync(Set, Tenant(url), "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("failed without an answer").And.Contain($"No connection to RUNAI_BASE_URL {url}: check it");
    }

    [Theory]
    [InlineData(404, "text/html", "<html><body>Not Found</body></html>")]
    [InlineData(200, "text/html", "<!DOCTYPE html><html><body>Welcome to Run:ai</body></html>")]
    public async Task A_url_that_is_not_the_API_says_so(int status, string type, string body)
    {
        await using var page = await StubServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            await context.Response.WriteAsync(body);
        });

        var result = await RunAsync(Set, Tenant(page.BaseUrl), "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain($"RUNAI_BASE_URL {page.BaseUrl} does not answer as the Run:ai API");
    }

    [Fact]
    public async Task A_server_that_never_answers_is_given_up_after_the_timeout_the_environment_sets()
    {
        var release = new TaskCompletionSource();
        await using var silent = await StubServer.StartAsync(async context => await release.Task.WaitAsync(context.RequestAborted));
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();

            var result = await RunAsync(Set, Tenant(silent.BaseUrl, (HostTarget.RequestTimeoutVariable, "0.5")), "plan");

            result.Exit.Should().Be(TemplatesHost.Error);
            result.Errors.Should().Contain("timed out before the server answered").And.Contain(HostTarget.RequestTimeoutVariable);
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "one try of half a second, not four of 30 s");
            silent.Requests.Should().ContainSingle("RUNAI_MAX_RETRIES=0: no retry");
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Theory]
    [InlineData("RUNAI_REQUEST_TIMEOUT", "abc")]
    [InlineData("RUNAI_REQUEST_TIMEOUT", "0")]
    [InlineData("RUNAI_REQUEST_TIMEOUT", "-5")]
    [InlineData("RUNAI_REQUEST_TIMEOUT", "3601")]
    [InlineData("RUNAI_REQUEST_TIMEOUT", "1,5")]
    [InlineData("RUNAI_REQUEST_TIMEOUT", "0.00000001")]
    [InlineData("RUNAI_MAX_RETRIES", "-1")]
    [InlineData("RUNAI_MAX_RETRIES", "21")]
    [InlineData("RUNAI_MAX_RETRIES", "two")]
    public async Task A_bad_timeout_or_retry_count_is_refused_naming_the_variable(string name, string value)
    {
        var environment = Tenant("https://acme.run.ai");
        environment[name] = value;

        var result = await RunAsync(Set, environment, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain($"{name} is '{value}': set it to");
    }

    [Fact]
    public async Task Export_to_stdout_says_its_target_on_stderr()
    {
        var result = await RunAsync(Set, null, "export");

        result.Exit.Should().Be(TemplatesHost.Success, result.Errors);
        result.Errors.Should().Contain("Target: embedded emulator at ");
        result.Data.Should().NotContain("Target:", "stdout holds the source only");
    }
}
