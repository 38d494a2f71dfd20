using System.Text.Json;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Cli;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;
using static RunAi.TemplateDsl.Tests.AsCode.HostTemplates;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>The command host: plan, apply, validate and print, exit codes, the embedded emulator and a tenant from the environment.</summary>
public sealed class TemplatesHostTests() : HostTestBase("runai-host-")
{
    [Fact]
    public async Task Without_a_tenant_the_embedded_emulator_keeps_templates_and_state_across_runs_and_plan_exit_codes_say_whether_there_are_changes()
    {
        var first = await RunAsync(Set, null, "plan");
        first.Exit.Should().Be(TemplatesHost.ChangesPlanned, first.Output);
        first.Output.Should().Contain("embedded emulator").And.Contain("+   create  notebook (project 42/notebook)").And.Contain("Plan: 2 to create");

        var applied = await RunAsync(Set, null, "apply");
        applied.Exit.Should().Be(TemplatesHost.Success, applied.Output);
        applied.Output.Should().Contain("[1/2] ok").And.Contain("[2/2] ok").And.Contain("Applied 2 changes.");
        File.Exists(Path.Combine(Folder, ".runai-emulator", "templates.db")).Should().BeTrue();
        File.Exists(Path.Combine(Folder, ".runai-emulator", "state.json")).Should().BeTrue();

        var settled = await RunAsync(Set, null, "plan");
        settled.Exit.Should().Be(TemplatesHost.Success, settled.Output);
        settled.Output.Should().Contain("No changes.");

        var changed = await RunAsync(TemplateSet.Of(Notebook("l40s"), Set[1].Template), null, "plan");
        changed.Exit.Should().Be(TemplatesHost.ChangesPlanned);
        changed.Output.Should().Contain("~   update  notebook").And.Contain("spec.specificEnv.nodePools[1]: \"h100\" → \"l40s\"");
    }

    [Fact]
    public async Task A_plan_line_shows_where_two_long_values_differ_and_characters_no_one_can_see()
    {
        var command = new string('x', 130);
        (await RunAsync(TemplateSet.Of(Set[1].Template.WithCommand(command + "A").WithCategory("gpu")), null, "apply")).Exit.Should().Be(TemplatesHost.Success);

        var plan = await RunAsync(TemplateSet.Of(Set[1].Template.WithCommand(command + "B").WithCategory("gpu\u202E")), null, "plan");

        // Both values were cut at 117 characters, before the difference: the line read the same on both sides.
        plan.Output.Should().Contain("spec.specificEnv.command: ..." + new string('x', 20) + "A\" → ..." + new string('x', 20) + "B\"");
        plan.Output.Should().Contain("spec.specificEnv.category: \"gpu\" → \"gpu\\u202E\"", "a right-to-left override is shown, not obeyed");
        TemplatesHost.Shorten(new string('y', 50) + "A", new string('y', 50) + "B").Should().Be((new string('y', 50) + "A", new string('y', 50) + "B"));
        TemplatesHost.Shorten(new string('y', 50) + "A" + new string('z', 200), null).Before.Should().HaveLength(TemplatesHost.MaxShown).And.EndWith("...");
        TemplatesHost.Shorten(new string('y', 200) + "\uD83D\uDE00" + new string('z', 200), new string('y', 200) + "\uD83D\uDE01")
            .Should().Be(("..." + new string('y', 19) + "\uD83D\uDE00" + new string('z', 93) + "...", "..." + new string('y', 19) + "\uD83D\uDE01"));
        TemplatesHost.Shorten(new string('y', 100) + "\uD83D\uDE00" + new string('y', 19) + "A", new string('y', 100) + "\uD83D\uDE00" + new string('y', 19) + "B")
            .Should().Be(("...\uD83D\uDE00" + new string('y', 19) + "A", "...\uD83D\uDE00" + new string('y', 19) + "B"), "a pair is never cut in half");
    }

    [Fact]
    public async Task With_RUNAI_BASE_URL_and_RUNAI_TOKEN_it_applies_to_that_tenant_and_keeps_the_state_under_dot_runai()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);

        var applied = await RunAsync(Set, environment, "apply", "--concurrency", "1");

        applied.Exit.Should().Be(TemplatesHost.Success, applied.Output);
        applied.Output.Should().Contain("Target: " + tenant.BaseUrl);
        using var client = NewClient(tenant);
        (await client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().BeEquivalentTo("notebook", "training");
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, ".runai", "state.json")));
        state.RootElement.GetProperty("target").GetString().Should().Be(tenant.BaseUrl + "/");
        state.RootElement.GetProperty("templates").GetArrayLength().Should().Be(2);
        applied.Output.Should().NotContain(tenant.Token, "the token is a secret");
    }

    [Fact]
    public async Task Prune_through_the_host_deletes_what_the_set_dropped()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);

        var kept = await RunAsync(TemplateSet.Of(Notebook()), environment, "plan");
        kept.Output.Should().Contain("!   orphan  training").And.Contain("1 orphaned (kept; prune to delete)");
        kept.Exit.Should().Be(TemplatesHost.Success, "an orphan is not a change");

        var pruned = await RunAsync(TemplateSet.Of(Notebook()), environment, "apply", "--prune");

        pruned.Exit.Should().Be(TemplatesHost.Success, pruned.Output);
        pruned.Output.Should().Contain("-   delete  training");
        using var client = NewClient(tenant);
        (await client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().Equal("notebook");
    }

    [Fact]
    public async Task A_failed_apply_exits_1_and_says_what_failed_and_what_was_done()
    {
        await using var tenant = await StartEmulatorAsync(o => o.StrictAssets = true);
        var environment = TenantVariables(tenant);
        var set = Set.Add(Template.Named("unknown-env").InTenant().WithEnvironment("00000000-0000-4000-8000-000000000000"));

        var result = await RunAsync(set, environment, "apply");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Output.Should().Contain("failed  create unknown-env (tenant/unknown-env) failed:").And.Contain("Applied 2 of 3 changes; 1 failed.").And.Contain("run apply again to retry the failed ones");
    }

    [Fact]
    public async Task Export_writes_the_tenants_templates_as_DSL_source_to_a_file()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var file = Path.Combine(Folder, "Exported.cs");

        var result = await RunAsync(Set, environment, "export", "--output", file, "--namespace", "Acme", "--class", "Tenant");

        result.Exit.Should().Be(TemplatesHost.Success, result.Output);
        result.Output.Should().Contain("Wrote 2 templates").And.NotContain("warning");
        var source = await File.ReadAllTextAsync(file);
        source.Should().Contain("namespace Acme;").And.Contain("public static class Tenant")
            .And.Contain("public static TemplateBuilder Notebook { get; } = Template.Named(\"notebook\")")
            .And.Contain(".WithNodePools(\"a100\", \"h100\")");
    }

    [Fact]
    public async Task Credentials_without_a_tenant_URL_are_an_error_not_a_run_against_the_emulator()
    {
        var result = await RunAsync(Set, new Dictionary<string, string> { ["RUNAI_TOKEN"] = "t" }, "apply");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("RUNAI_BASE_URL is not");
        Directory.Exists(Path.Combine(Folder, ".runai-emulator")).Should().BeFalse();
    }

    [Fact]
    public async Task Export_reads_no_state_and_writes_the_source_to_stdout_with_warnings_on_stderr()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        using (var client = NewClient(tenant))
        {
            await client.Templates.CreateAsync(Template.Named("long").InTenant().WithEnvironment(EnvironmentId).WithDescription(new string('d', 250)).Build());
        }

        Directory.CreateDirectory(Path.Combine(Folder, ".runai"));
        await File.WriteAllTextAsync(Path.Combine(Folder, ".runai", "state.json"), """{"version":1,"target":"https://other.example.com/","templates":[],"pendingDeletes":[]}""");

        var result = await RunAsync(Set, environment, "export");

        result.Exit.Should().Be(TemplatesHost.Success, result.Output);
        result.Errors.Trim().Should().Be("Target: " + new Uri(tenant.BaseUrl).AbsoluteUri, "no warning, only where the source is from");
        result.Data.Should().Contain(".WithDescription(\"" + new string('d', 250) + "\")", "a long line is not wrapped");
    }

    [Fact]
    public async Task Export_with_output_dash_writes_the_source_to_stdout_not_to_a_file_named_dash()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var dash = Path.Combine(Environment.CurrentDirectory, "-");
        File.Exists(dash).Should().BeFalse("the test would not see the file otherwise");

        var result = await RunAsync(Set, environment, "export", "--output", "-");

        result.Exit.Should().Be(TemplatesHost.Success, result.Output);
        result.Data.Should().Contain("public static TemplateBuilder Notebook { get; } = Template.Named(\"notebook\")");
        result.Output.Should().NotContain("Wrote ");
        File.Exists(dash).Should().BeFalse();
        File.Exists(Path.Combine(Folder, "-")).Should().BeFalse();
    }

    [Fact]
    public async Task Export_of_more_text_than_an_assembly_holds_fails_naming_the_limit_and_writes_no_file()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        using (var client = NewClient(tenant))
        {
            // As much text as the rules allow: 1000 annotations of 10000 characters, 20 MB of literals in UTF-16.
            var big = Template.Named("big").InTenant().WithEnvironment(EnvironmentId);
            for (var i = 0; i < 1000; i++)
            {
                big = big.AddAnnotation("a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + new string('v', 9995));
            }

            await client.Templates.CreateAsync(big.Build());
        }

        var file = Path.Combine(Folder, "Exported.cs");

        var result = await RunAsync(Set, environment, "export", "--output", file);

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("error: The templates hold too much text for C# source").And.Contain("(16 MB; error CS8103)").And.Contain("'big'").And.NotContain("(Parameter");
        File.Exists(file).Should().BeFalse();
    }

    [Fact]
    public async Task Print_is_unwrapped_JSON_whatever_the_line_length()
    {
        var set = TemplateSet.Of(Template.Named("long").InTenant().WithEnvironment(EnvironmentId).WithDescription(new string('d', 250)));

        var result = await RunAsync(set, null, "print");

        var json = string.Join("\n", result.Data.Split('\n').Skip(1));
        TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json).Meta.Description.Should().HaveLength(250);
    }

    [Fact]
    public async Task A_plan_with_a_conflict_exits_1()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        using (var client = NewClient(tenant))
        {
            await client.Templates.CreateAsync(Notebook().Build());
        }

        var result = await RunAsync(TemplateSet.Of(Notebook().ForWorkspace(false)), environment, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Output.Should().Contain("x   conflict notebook").And.Contain("Plan with conflicts:");

        var applied = await RunAsync(TemplateSet.Of(Notebook().ForWorkspace(false)), environment, "apply");

        applied.Exit.Should().Be(TemplatesHost.Error);
        applied.Output.Should().Contain("[1/1] skipped conflict ").And.NotContain("conflict conflict").And.Contain("1 conflict needs a change to the code or the target").And.NotContain("Nothing to apply");
    }

    [Fact]
    public async Task A_second_run_on_the_same_state_while_one_holds_it_is_refused_and_the_lock_goes_with_its_holder()
    {
        var lockPath = Path.Combine(Folder, ".runai-emulator", "state.json.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
            var refused = await RunAsync(Set, null, "apply");

            refused.Exit.Should().Be(TemplatesHost.Error);
            refused.Errors.Should().Contain("Another plan or apply is using the state");
        }

        var after = await RunAsync(Set, null, "apply");
        after.Exit.Should().Be(TemplatesHost.Success, after.Output);
        StateFile.LockIsFree(Path.Combine(Folder, ".runai-emulator", "state.json")).Should().BeTrue("the lock goes with the run that held it");
    }

    [Fact]
    public async Task A_tenant_URL_without_credentials_is_an_error_that_names_the_variables()
    {
        var result = await RunAsync(Set, new Dictionary<string, string> { ["RUNAI_BASE_URL"] = "https://tenant.example.com" }, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Output.Should().Contain("RUNAI_TOKEN").And.Contain("RUNAI_CLIENT_ID").And.Contain("RUNAI_CLIENT_SECRET");
    }

    [Fact]
    public async Task An_invalid_set_fails_plan_and_validate_with_every_violation()
    {
        var invalid = Set.Add(Template.Named("no-scope").WithEnvironment(EnvironmentId));

        var plan = await RunAsync(invalid, null, "plan");
        var validate = await RunAsync(invalid, null, "validate");

        plan.Exit.Should().Be(TemplatesHost.Error);
        plan.Output.Should().Contain("error:").And.Contain("RAI0001").And.Contain("meta.scope");
        Directory.Exists(Path.Combine(Folder, ".runai-emulator")).Should().BeFalse("nothing is started for a set that cannot be planned");
        validate.Exit.Should().Be(TemplatesHost.Error);
        validate.Output.Should().Contain("invalid no-scope").And.Contain("valid   notebook").And.Contain("2 of 3 templates valid.");
    }

    [Fact]
    public async Task Print_writes_each_request_as_the_exact_wire_JSON()
    {
        var result = await RunAsync(Set, null, "print");

        result.Exit.Should().Be(TemplatesHost.Success);
        result.Output.Should().Contain("# notebook (project 42/notebook)").And.Contain("\"nodePools\": [").And.Contain("\"scope\": \"tenant\"");
    }

    [Fact]
    public async Task An_unknown_command_is_an_error_with_the_usage()
    {
        var result = await RunAsync(Set, null, "destroy");

        result.Exit.Should().NotBe(TemplatesHost.Success);
        result.Output.Should().Contain("Unrecognized command or argument 'destroy'").And.Contain("plan").And.Contain("apply");
    }

    [Theory]
    [InlineData("abc", "Cannot parse argument 'abc'")]
    [InlineData("99999999999", "Cannot parse argument '99999999999'")]
    [InlineData("0", "--concurrency must be at least 1.")]
    [InlineData("-1", "--concurrency must be at least 1.")]
    public async Task A_concurrency_that_is_not_a_positive_number_is_a_usage_error(string value, string message)
    {
        var result = await RunAsync(Set, null, "apply", "--concurrency", value);

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain(message).And.NotContain("   at ", "a usage error is no crash");
        Directory.Exists(Path.Combine(Folder, ".runai-emulator")).Should().BeFalse("nothing runs on bad arguments");
    }

    [Fact]
    public async Task A_state_path_that_is_aFolder_is_refused_not_taken_for_an_empty_state()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "states")).FullName;

        var result = await RunAsync(Set, null, "plan", "--state", folder);

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain($"The state file '{folder}' is a folder").And.Contain(Path.Combine(folder, "state.json"));
    }

    [Fact]
    public async Task A_lock_that_cannot_be_created_is_not_reported_as_another_run_holding_it()
    {
        // A folder that cannot be made: its parent is a file.
        var file = Path.Combine(Folder, "a-file");
        await File.WriteAllTextAsync(file, "");

        var result = await RunAsync(Set, null, "plan", "--state", Path.Combine(file, "state.json"));

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("cannot be created").And.NotContain("Another plan or apply");
    }

    [Fact]
    public async Task An_apply_whose_state_cannot_be_saved_says_so_rather_than_that_the_state_records_what_completed()
    {
        var state = Path.Combine(Folder, "state.json");
        (await RunAsync(Set, null, "apply", "--state", state)).Exit.Should().Be(TemplatesHost.Success);
        Directory.CreateDirectory(state + ".tmp");

        // The update reaches the target; recording it fails (its temporary file's path is taken by a folder).
        var result = await RunAsync(TemplateSet.Of(HostTemplates.Notebook("l4"), Set[1].Template), null, "apply", "--state", state);

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Output.Should().Contain("done before: updated").And.Contain("The state file could not be saved")
            .And.NotContain("The state file records every change that completed");
    }

    [Theory]
    [InlineData("not a url", "RUNAI_BASE_URL is not a tenant URL (it is 9 characters without a scheme, not shown; a host name needs https:// before it)")]
    [InlineData("htps://acme.run.ai", "RUNAI_BASE_URL is not a tenant URL (it is 'htps://acme.run.ai')")]
    [InlineData("https://acme.run.ai/api/v1", "RUNAI_BASE_URL 'https://acme.run.ai/api/v1' ends in api/v1: set it to the control plane's address (e.g. https://acme.run.ai); the host adds api/v1/… itself.")]
    [InlineData("https://tenant.example.com/?x=1", "is not a tenant URL")]
    [InlineData("https://acme.run.ai:99999/api/v1", "RUNAI_BASE_URL is not a tenant URL (it is 'https://acme.run.ai:99999/api/v1')")]
    [InlineData("http://tenant.example.com", "set RUNAI_ALLOW_INSECURE_HTTP=true")]
    public async Task A_tenant_URL_that_cannot_be_used_is_an_error_in_the_hosts_own_terms(string url, string message)
    {
        var result = await RunAsync(Set, new Dictionary<string, string> { ["RUNAI_BASE_URL"] = url, ["RUNAI_TOKEN"] = "t" }, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain(message).And.NotContain("BaseUrl").And.NotContain("AllowInsecureHttp");
    }

    /// <summary>The host rebuilt the client's message, showing any value: an access token (a JWT, dots and all) put in RUNAI_BASE_URL.</summary>
    [Fact]
    public async Task A_token_put_in_the_tenant_URL_variable_is_not_shown()
    {
        const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ib3QiLCJleHAiOjE4MDAwMDAwMDB9.SECRETSIGNATUREpart";
        var result = await RunAsync(Set, new Dictionary<string, string> { ["RUNAI_BASE_URL"] = Jwt, ["RUNAI_TOKEN"] = "https://acme.run.ai" }, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("is not a tenant URL").And.NotContain("SECRETSIGNATURE").And.NotContain("eyJ");
    }

    [Theory]
    [InlineData("https://admin:S3cretPass@tenant.example.com")]
    [InlineData("https://tenant.example.com/?access_token=S3cretPass")]
    [InlineData("http://svc:S3cretPass@tenant.example.com")]
    public async Task A_tenant_URL_refused_for_its_user_info_or_query_is_shown_without_them(string url)
    {
        // The error goes to a CI log: a password or token written into the URL must not go with it.
        var result = await RunAsync(Set, new Dictionary<string, string> { ["RUNAI_BASE_URL"] = url, ["RUNAI_TOKEN"] = "t" }, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("is not a tenant URL").And.Contain("tenant.example.com").And.NotContain("S3cretPass");
    }

    [Theory]
    [InlineData("RUNAI_CLIENT_ID", "not both")]
    [InlineData("RUNAI_CLIENT_SECRET", "not both")]
    public async Task A_token_and_client_credentials_together_are_an_error_that_names_the_variables(string variable, string message)
    {
        var result = await RunAsync(Set, new Dictionary<string, string> { ["RUNAI_BASE_URL"] = "https://tenant.example.com", ["RUNAI_TOKEN"] = "t", [variable] = "x" }, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("RUNAI_TOKEN and RUNAI_CLIENT_ID/RUNAI_CLIENT_SECRET are both set").And.Contain(message).And.NotContain("BearerToken");
    }

    [Fact]
    public async Task A_client_id_without_its_secret_says_which_one_is_missing()
    {
        var result = await RunAsync(Set, new Dictionary<string, string> { ["RUNAI_BASE_URL"] = "https://tenant.example.com", ["RUNAI_CLIENT_ID"] = "ci" }, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET go together: RUNAI_CLIENT_SECRET is not set.");
    }

    [Fact]
    public async Task A_damaged_emulator_database_is_an_error_that_names_the_file_and_what_deleting_it_costs()
    {
        var database = Path.Combine(Folder, ".runai-emulator", "templates.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await File.WriteAllTextAsync(database, "this is not an SQLite database, and it is long enough to be read as a header of one");

        var result = await RunAsync(Set, null, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain($"The embedded emulator cannot open its database '{database}'").And.Contain("delete the .runai-emulator/ folder").And.NotContain("   at ");
        StateFile.LockIsFree(Path.Combine(Folder, ".runai-emulator", "state.json")).Should().BeTrue("the state's lock is released on the way out");
    }

    [Theory]
    [InlineData("--namespace", "a b", "'a b' is not a C# namespace")]
    [InlineData("--namespace", "Acme.class", "'class' is a keyword")]
    [InlineData("--class", "class", "'class' is a keyword")]
    [InlineData("--class", "1st", "'1st' is not a C# class name")]
    [InlineData("--class", "record", "'record' is a keyword where a type is declared. Choose another name, or write '@record'.")]
    [InlineData("--class", "templates", "'templates' as a class name gives warning CS8981: C# keeps names of lower-case ASCII letters only for future keywords. Write 'Templates', or '@templates'.")]
    public async Task Export_refuses_a_namespace_or_class_that_would_not_compile(string option, string value, string message)
    {
        var result = await RunAsync(Set, null, "export", option, value);

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain(message).And.Contain(option).And.NotContain("(Parameter");
        result.Data.Should().NotContain("namespace", "no source is written");
        Directory.Exists(Path.Combine(Folder, ".runai-emulator")).Should().BeFalse("the names are checked before the target is opened");
    }

    [Fact]
    public async Task RUNAI_ALLOW_INSECURE_HTTP_takes_true_or_false_and_nothing_else()
    {
        var result = await RunAsync(Set, new Dictionary<string, string> { ["RUNAI_BASE_URL"] = "http://tenant.example.com", ["RUNAI_TOKEN"] = "t", ["RUNAI_ALLOW_INSECURE_HTTP"] = "yes" }, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("RUNAI_ALLOW_INSECURE_HTTP is 'yes': set it to true, false, 1 or 0.");
    }

    /// <summary>A template of the set's scope and name that another project (or a person) made is not overwritten unasked.</summary>
    [Fact]
    public async Task A_template_someone_else_made_is_a_conflict_until_apply_adopt_takes_it_over()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        using var client = NewClient(tenant);
        var theirs = await client.Templates.CreateAsync(Notebook().WithDescription("the vision team's").Build());

        var plan = await RunAsync(TemplateSet.Of(Notebook()), environment, "plan");
        var apply = await RunAsync(TemplateSet.Of(Notebook()), environment, "apply");

        plan.Exit.Should().Be(TemplatesHost.Error, plan.Output);
        plan.Output.Should().Contain("conflict").And.Contain("--adopt");
        apply.Exit.Should().Be(TemplatesHost.Error, apply.Output);
        (await client.Templates.GetAsync(theirs.Meta.Id)).Meta.Description.Should().Be("the vision team's");

        var adopted = await RunAsync(TemplateSet.Of(Notebook()), environment, "apply", "--adopt");

        adopted.Exit.Should().Be(TemplatesHost.Success, adopted.Output);
        (await client.Templates.GetAsync(theirs.Meta.Id)).Meta.Description.Should().Be(Notebook().Build().Meta.Description);
        (await RunAsync(TemplateSet.Of(Notebook()), environment, "plan")).Exit.Should().Be(TemplatesHost.Success, "it is this project's now");
    }

    /// <summary>
    /// A plan that only adopts (a project that lost its state file, or adopts a tenant after export) said "No changes" and
    /// exited 0, so a CI job that applies only when the plan exits 2 never recorded the templates: a later prune or rename
    /// did not know them. Found by the lifecycle review.
    /// </summary>
    [Fact]
    public async Task A_plan_that_only_adopts_exits_2_and_the_apply_records_it()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        using (var client = NewClient(tenant))
        {
            await client.Templates.CreateAsync(Notebook().Build());
        }

        var plan = await RunAsync(TemplateSet.Of(Notebook()), environment, "plan");

        plan.Exit.Should().Be(TemplatesHost.ChangesPlanned, plan.Output);
        plan.Output.Should().Contain("No changes.").And.Contain("Apply records what this plan adopts").And.Contain("though it changes nothing on the target");
        plan.Output.Should().Contain("no state file yet: nothing recorded", "a lost state file is said, not assumed");
        (await RunAsync(TemplateSet.Of(Notebook()), environment, "apply")).Exit.Should().Be(TemplatesHost.Success);
        var after = await RunAsync(TemplateSet.Of(Notebook()), environment, "plan");
        after.Exit.Should().Be(TemplatesHost.Success, after.Output);
        after.Output.Should().NotContain("Apply records").And.NotContain("no state file yet");
    }
}
