using System.Globalization;
using RunAi.TemplateDsl.Analysis;

namespace RunAi.TemplateDsl;

/// <summary>
/// The specific run parameters (<c>specificEnv</c>) shared by a template and the master of a distributed template.
/// Immutable: every call returns a new builder. Methods named <c>With…</c> replace a value; <c>Add…</c>, <c>Exclude…</c>
/// and <c>Tolerate…</c> append.
/// </summary>
/// <typeparam name="TSelf">The concrete builder, returned by every method.</typeparam>
[WireBuilder("spec")]
public abstract class RunParamsBuilder<TSelf>
    where TSelf : RunParamsBuilder<TSelf>
{
    private protected RunParamsBuilder()
    {
    }

    private protected abstract RunParamsState Params { get; }

    /// <summary>Sets the container's entry point command (replaces).</summary>
    /// <param name="command">1 to 10000 characters.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public TSelf WithCommand([WireField("specificEnv.command")] string command) => WithParams(Params with { Command = NotNull(command) });

    /// <summary>Sets the arguments of the command (replaces).</summary>
    /// <param name="args">
    /// All the arguments as one string (the API's <c>args</c> is a single string, not a list), e.g.
    /// <c>--model /models/llama --port 8000</c>; 1 to 10000 characters.
    /// </param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="args"/> is null.</exception>
    public TSelf WithArgs([WireField("specificEnv.args")] string args) => WithParams(Params with { Args = NotNull(args) });

    /// <summary>Deletes a finished workload automatically after this time (replaces; the API's default is 30 days).</summary>
    /// <param name="seconds">Seconds after completion.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithAutoDeletionAfterCompletion([WireField("specificEnv.autoDeletionTimeAfterCompletionSeconds")] long seconds) => WithParams(Params with { AutoDeletionTimeAfterCompletionSeconds = seconds });

    /// <summary>Deletes a finished workload automatically after this time (replaces; the API's default is 30 days).</summary>
    /// <param name="delay">The time after completion, in whole seconds, e.g. <c>TimeSpan.FromDays(7)</c>.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="delay"/> is not a whole number of seconds (the API takes seconds).</exception>
    public TSelf WithAutoDeletionAfterCompletion([WireField("specificEnv.autoDeletionTimeAfterCompletionSeconds")] TimeSpan delay) => WithAutoDeletionAfterCompletion(DslClone.Seconds(delay, nameof(delay)));

    /// <summary>Sets the retries before the workload is marked failed (replaces; default 6; not for inference, RAI2006).</summary>
    /// <param name="retries">The number of retries.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithBackoffLimit([WireField("specificEnv.backoffLimit")] long retries) => WithParams(Params with { BackoffLimit = retries });

    /// <summary>Sets the workload category used to classify and monitor workloads (replaces).</summary>
    /// <param name="category">The category, e.g. <c>Train</c>.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="category"/> is null.</exception>
    public TSelf WithCategory([WireField("specificEnv.category")] string category) => WithParams(Params with { Category = NotNull(category) });

    /// <summary>Sets the successful pods needed to complete (replaces; standard training only, RAI2005).</summary>
    /// <param name="completions">The number of pods.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithCompletions([WireField("specificEnv.completions")] int completions) => WithParams(Params with { Completions = completions });

    /// <summary>Sets the maximum number of pods running at once (replaces; standard training only, RAI2005).</summary>
    /// <param name="parallelism">The number of pods.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithParallelism([WireField("specificEnv.parallelism")] int parallelism) => WithParams(Params with { Parallelism = parallelism });

    /// <summary>Appends an environment variable with a plain value.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="value">The value.</param>
    /// <param name="description">An optional description.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.environmentVariables")]
    public TSelf AddEnvironmentVariable([WireField("name")] string name, [WireField("value")] string value, [WireField("description")] string? description = null) =>
        AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = name, Value = value, Description = description });

    /// <summary>Appends an environment variable whose value comes from a key of a credential asset (a secret).</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="credentialAssetId">The credential asset's id (UUID).</param>
    /// <param name="key">The key in the secret.</param>
    /// <param name="description">An optional description.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.environmentVariables")]
    public TSelf AddEnvironmentVariableFromSecret([WireField("name")] string name, [WireField("credential.assetId")] string credentialAssetId, [WireField("credential.key")] string key, [WireField("description")] string? description = null) =>
        AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = name, Credential = new EnvironmentVariableCredential { AssetId = credentialAssetId, Key = key }, Description = description });

    /// <summary>Appends an environment variable whose value comes from a key of a credential asset (a secret).</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="credentialAssetId">The credential asset's id.</param>
    /// <param name="key">The key in the secret.</param>
    /// <param name="description">An optional description.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.environmentVariables")]
    public TSelf AddEnvironmentVariableFromSecret([WireField("name")] string name, [WireField("credential.assetId")] Guid credentialAssetId, [WireField("credential.key")] string key, [WireField("description")] string? description = null) =>
        AddEnvironmentVariableFromSecret(name, credentialAssetId.ToString("D", CultureInfo.InvariantCulture), key, description);

    /// <summary>Appends an environment variable whose value comes from a key of a config map.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="configMap">The config map's name (a DNS label).</param>
    /// <param name="key">The key in the config map, at most 63 characters.</param>
    /// <param name="description">An optional description.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.environmentVariables")]
    public TSelf AddEnvironmentVariableFromConfigMap([WireField("name")] string name, [WireField("configMap.name")] string configMap, [WireField("configMap.key")] string key, [WireField("description")] string? description = null) =>
        AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = name, ConfigMap = new EnvironmentVariableConfigMap { Name = configMap, Key = key }, Description = description });

    /// <summary>Appends an environment variable whose value comes from a field of the pod.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="fieldPath">The field path, e.g. <c>metadata.name</c>.</param>
    /// <param name="description">An optional description.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.environmentVariables")]
    public TSelf AddEnvironmentVariableFromPodField([WireField("name")] string name, [WireField("podFieldRef.path")] string fieldPath, [WireField("description")] string? description = null) =>
        AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = name, PodFieldRef = new EnvironmentVariablePodFieldReference { Path = fieldPath }, Description = description });

    /// <summary>Appends an exclusion of a variable the policy's defaults define.</summary>
    /// <param name="name">The variable's name.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.environmentVariables")]
    [WireField("exclude", true)]
    public TSelf ExcludeEnvironmentVariable([WireField("name")] string name) => AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = name, Exclude = true });

    /// <summary>Appends an environment variable given in full (a copy is kept: later changes to the object do not reach the builder).</summary>
    /// <param name="variable">The variable; at most one source: value, credential, configMap or podFieldRef (RAI6001).</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.environmentVariables")]
    public TSelf AddEnvironmentVariable([WireField("")] EnvironmentVariableOfAsset variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return WithParams(Params with { EnvironmentVariables = Params.EnvironmentVariables.Add(DslClone.Of(variable)) });
    }

    /// <summary>Appends a Kubernetes secret used to pull container images.</summary>
    /// <param name="name">The secret's name (a DNS label, at most 253 characters).</param>
    /// <param name="userCredential">Whether the secret is a user credential, accessible only by its creator.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.imagePullSecrets")]
    public TSelf AddImagePullSecret([WireField("name")] string name, [WireField("userCredential")] bool? userCredential = null) =>
        WithParams(Params with { ImagePullSecrets = Params.ImagePullSecrets.Add(new ImagePullSecret { Name = name, UserCredential = userCredential }) });

    /// <summary>Appends an exclusion of an image pull secret the policy's defaults define.</summary>
    /// <param name="name">The secret's name.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.imagePullSecrets")]
    [WireField("exclude", true)]
    public TSelf ExcludeImagePullSecret([WireField("name")] string name) =>
        WithParams(Params with { ImagePullSecrets = Params.ImagePullSecrets.Add(new ImagePullSecret { Name = name, Exclude = true }) });

    /// <summary>Appends a label populated into the container.</summary>
    /// <param name="name">The label's name, at most 63 characters.</param>
    /// <param name="value">The label's value.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.labels")]
    public TSelf AddLabel([WireField("name")] string name, [WireField("value")] string value) => WithParams(Params with { Labels = Params.Labels.Add(new Label { Name = name, Value = value }) });

    /// <summary>Appends an exclusion of a label the policy's defaults define.</summary>
    /// <param name="name">The label's name.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.labels")]
    [WireField("exclude", true)]
    public TSelf ExcludeLabel([WireField("name")] string name) => WithParams(Params with { Labels = Params.Labels.Add(new Label { Name = name, Exclude = true }) });

    /// <summary>Appends an annotation populated into the container.</summary>
    /// <param name="name">The annotation's name, at most 63 characters.</param>
    /// <param name="value">The annotation's value, at most 10000 characters.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.annotations")]
    public TSelf AddAnnotation([WireField("name")] string name, [WireField("value")] string value) => WithParams(Params with { Annotations = Params.Annotations.Add(new Annotation { Name = name, Value = value }) });

    /// <summary>Appends an exclusion of an annotation the policy's defaults define.</summary>
    /// <param name="name">The annotation's name.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.annotations")]
    [WireField("exclude", true)]
    public TSelf ExcludeAnnotation([WireField("name")] string name) => WithParams(Params with { Annotations = Params.Annotations.Add(new Annotation { Name = name, Exclude = true }) });

    /// <summary>
    /// Sets the required node affinity (replaces any earlier one: <paramref name="configure"/> starts from no terms, so a
    /// variant of a base template restates the terms it keeps).
    /// </summary>
    /// <param name="configure">Adds node selector terms, e.g. <c>n =&gt; n.Term(t =&gt; t.Gt("nvidia.com/gpu.count", 4))</c>.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithNodeAffinity([WireField("specificEnv.nodeAffinityRequired")] Func<NodeAffinityBuilder, NodeAffinityBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return WithParams(Params with { NodeAffinity = DslClone.Configured(configure(NodeAffinityBuilder.Empty), nameof(configure)) });
    }

    /// <summary>Sets the prioritized node pools (replaces): the scheduler tries the first before the next.</summary>
    /// <param name="pools">Node pool names, each at most 63 characters, no repetition (RAI3010).</param>
    /// <returns>A new builder.</returns>
    public TSelf WithNodePools([WireField("specificEnv.nodePools")] params string[] pools)
    {
        DslClone.NoNullItems(pools, nameof(pools));
        return WithParams(Params with { NodePools = [.. pools] });
    }

    /// <summary>Sets the node type (a node label value) the workload runs on (replaces).</summary>
    /// <param name="nodeType">The node type.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="nodeType"/> is null.</exception>
    public TSelf WithNodeType([WireField("specificEnv.nodeType")] string nodeType) => WithParams(Params with { NodeType = NotNull(nodeType) });

    /// <summary>Sets pod affinity (replaces): co-locate with other workloads by a label key.</summary>
    /// <param name="type">Required or preferred.</param>
    /// <param name="key">The label key, at most 63 characters, e.g. <c>topology.kubernetes.io/zone</c>.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithPodAffinity([WireField("specificEnv.podAffinity.type")] PodAffinityType type, [WireField("specificEnv.podAffinity.key")] string key) => WithParams(Params with { PodAffinity = new PodAffinity { Type = type, Key = key } });

    /// <summary>Sets whether the workload can be preempted (replaces).</summary>
    /// <param name="preemptibility">Preemptible or non-preemptible.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="preemptibility"/> is null.</exception>
    public TSelf WithPreemptibility([WireField("specificEnv.preemptibility")] Preemptibility preemptibility) => WithParams(Params with { Preemptibility = NotNull(preemptibility) });

    /// <summary>Sets the priority class (replaces); see <see cref="PriorityClasses"/> (RAI3006). Set preemptibility too (RAI3007).</summary>
    /// <param name="priorityClass">very-low, low, medium-low, medium, medium-high, high or very-high.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="priorityClass"/> is null.</exception>
    public TSelf WithPriorityClass([WireField("specificEnv.priorityClass")] string priorityClass) => WithParams(Params with { PriorityClass = NotNull(priorityClass) });

    /// <summary>Sets the restart policy of the workload's pods (replaces).</summary>
    /// <param name="policy">Always, Never or OnFailure.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public TSelf WithRestartPolicy([WireField("specificEnv.restartPolicy")] RestartPolicy policy) => WithParams(Params with { RestartPolicy = NotNull(policy) });

    /// <summary>Sets the user id the container's entry point runs as (replaces).</summary>
    /// <param name="uid">The user id.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithRunAsUid([WireField("specificEnv.runAsUid")] long uid) => WithParams(Params with { RunAsUid = uid });

    /// <summary>Sets the group id the container's entry point runs as (replaces).</summary>
    /// <param name="gid">The group id.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithRunAsGid([WireField("specificEnv.runAsGid")] long gid) => WithParams(Params with { RunAsGid = gid });

    /// <summary>Sets the supplementary groups (replaces); cannot break RAI6004. No ids reverts to the image's groups.</summary>
    /// <param name="groupIds">Group ids, each at least 0.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A group id is negative.</exception>
    public TSelf WithSupplementalGroups([WireField("specificEnv.supplementalGroups", AsText = true)] params long[] groupIds)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        foreach (var id in groupIds)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id, nameof(groupIds));
        }

        return WithSupplementalGroups(string.Join(",", groupIds.Select(g => g.ToString(CultureInfo.InvariantCulture))));
    }

    /// <summary>Sets the supplementary groups as the API's text (replaces): comma-separated integer ids (RAI6004); empty reverts to the image's groups.</summary>
    /// <param name="groupIds">E.g. <c>"2000,3000"</c>.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groupIds"/> is null.</exception>
    public TSelf WithSupplementalGroups([WireField("specificEnv.supplementalGroups")] string groupIds) => WithParams(Params with { SupplementalGroups = NotNull(groupIds) });

    /// <summary>Sets whether the job is terminated after it has been preempted (replaces).</summary>
    /// <param name="terminate">Whether to terminate.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithTerminateAfterPreemption([WireField("specificEnv.terminateAfterPreemption")] bool terminate = true) => WithParams(Params with { TerminateAfterPreemption = terminate });

    /// <summary>Sets the time the pod gets to terminate gracefully (replaces).</summary>
    /// <param name="seconds">At least 0; 0 stops immediately.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithTerminationGracePeriod([WireField("specificEnv.terminationGracePeriodSeconds")] long seconds) => WithParams(Params with { TerminationGracePeriodSeconds = seconds });

    /// <summary>Sets the time the pod gets to terminate gracefully (replaces).</summary>
    /// <param name="period">At least zero, in whole seconds, e.g. <c>TimeSpan.FromSeconds(30)</c>; zero stops immediately.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="period"/> is not a whole number of seconds (the API takes seconds).</exception>
    public TSelf WithTerminationGracePeriod([WireField("specificEnv.terminationGracePeriodSeconds")] TimeSpan period) => WithTerminationGracePeriod(DslClone.Seconds(period, nameof(period)));

    /// <summary>Appends a toleration given in full.</summary>
    /// <param name="key">The taint key.</param>
    /// <param name="op">Equal (with a value) or Exists (without, RAI3008).</param>
    /// <param name="effect">The taint effect.</param>
    /// <param name="value">The taint value, with Equal only.</param>
    /// <param name="seconds">How long the taint is tolerated; with NoExecute only (RAI3009).</param>
    /// <param name="name">An optional name of the toleration.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.tolerations")]
    public TSelf AddToleration([WireField("key")] string key, [WireField("operator")] TolerationOperator op, [WireField("effect")] TolerationEffect effect, [WireField("value")] string? value = null, [WireField("seconds")] long? seconds = null, [WireField("name")] string? name = null) =>
        WithParams(Params with { Tolerations = Params.Tolerations.Add(new Toleration { Name = name, Key = key, Operator = op, Value = value, Effect = effect, Seconds = seconds }) });

    /// <summary>Appends a toleration of the taint <paramref name="key"/>=<paramref name="value"/> (operator Equal).</summary>
    /// <param name="key">The taint key.</param>
    /// <param name="value">The taint value.</param>
    /// <param name="effect">The taint effect.</param>
    /// <param name="seconds">How long the taint is tolerated once it is added (e.g. 300 for a node not ready); with NoExecute only (RAI3009).</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.tolerations")]
    [WireField("operator", "Equal")]
    public TSelf Tolerate([WireField("key")] string key, [WireField("value")] string value, [WireField("effect")] TolerationEffect effect, [WireField("seconds")] long? seconds = null) => AddToleration(key, TolerationOperator.Equal, effect, value, seconds);

    /// <summary>Appends a toleration of every value of the taint <paramref name="key"/> (operator Exists, no value).</summary>
    /// <param name="key">The taint key.</param>
    /// <param name="effect">The taint effect.</param>
    /// <param name="seconds">
    /// How long the taint is tolerated once it is added, e.g. <c>TolerateAny("node.kubernetes.io/not-ready",
    /// TolerationEffect.NoExecute, seconds: 300)</c>; with NoExecute only (RAI3009).
    /// </param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.tolerations")]
    [WireField("operator", "Exists")]
    public TSelf TolerateAny([WireField("key")] string key, [WireField("effect")] TolerationEffect effect, [WireField("seconds")] long? seconds = null) => AddToleration(key, TolerationOperator.Exists, effect, seconds: seconds);

    /// <summary>Appends an exclusion of a toleration the policy's defaults define.</summary>
    /// <param name="name">The toleration's name.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.tolerations")]
    [WireField("exclude", true)]
    public TSelf ExcludeToleration([WireField("name")] string name) => WithParams(Params with { Tolerations = Params.Tolerations.Add(new Toleration { Name = name, Exclude = true }) });

    /// <summary>Sets whether the workload may exceed the project's quota (replaces).</summary>
    /// <param name="allow">Whether to allow.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithAllowOverQuota([WireField("specificEnv.allowOverQuota")] bool allow = true) => WithParams(Params with { AllowOverQuota = allow });

    /// <summary>
    /// Sets autoscaling (replaces any earlier one: <paramref name="configure"/> starts from nothing set, so a variant of a
    /// base template restates every setting it keeps, e.g. <c>MinReplicas(0)</c> with a scale-to-zero retention).
    /// </summary>
    /// <param name="configure">E.g. <c>a =&gt; a.MinReplicas(0).MaxReplicas(4).ScaleToZeroRetention(300).Metric("concurrency", 8)</c>.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithAutoscaling([WireField("specificEnv.autoScaling")] Func<AutoscalingBuilder, AutoscalingBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return WithParams(Params with { Autoscaling = DslClone.Configured(configure(AutoscalingBuilder.Empty), nameof(configure)) });
    }

    /// <summary>
    /// Sets who can send inference requests to the serving endpoint (replaces any earlier setting:
    /// <paramref name="configure"/> starts from nothing set).
    /// </summary>
    /// <param name="configure">E.g. <c>s =&gt; s.OnlyGroups("ml-team")</c>.</param>
    /// <returns>A new builder.</returns>
    public TSelf WithServingPortAccess([WireField("specificEnv.servingPortAccess")] Func<ServingPortAccessBuilder, ServingPortAccessBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return WithParams(Params with { ServingPortAccess = DslClone.Configured(configure(ServingPortAccessBuilder.Empty), nameof(configure)) });
    }

    /// <summary>Appends a connection of the environment's tools; names must be unique (RAI5004).</summary>
    /// <param name="name">The connection's name, as in the environment asset.</param>
    /// <param name="configure">Optional settings, e.g. <c>c =&gt; c.NodePort(30080)</c>.</param>
    /// <returns>A new builder.</returns>
    [WireItem("specificEnv.connections")]
    public TSelf AddConnection([WireField("name")] string name, [WireField("")] Func<ConnectionBuilder, ConnectionBuilder>? configure = null)
    {
        var connection = new ConnectionBuilder(name);
        if (configure is not null)
        {
            connection = DslClone.Configured(configure(connection), nameof(configure));
        }

        // The name is this call's, also when the function returned the builder of another connection.
        var wire = connection.ToWire();
        wire.Name = name;
        return WithParams(Params with { Connections = Params.Connections.Add(wire) });
    }

    private protected abstract TSelf WithParams(RunParamsState state);

    /// <summary>
    /// An optional value's argument: null would silently remove a value set before (nothing reports an optional value as
    /// missing), so it is refused. Values the rule catalog requires report a null as RAI0001 instead, as the analyzer does.
    /// </summary>
    private protected static TValue NotNull<TValue>(TValue value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? paramName = null)
        where TValue : class =>
        value ?? throw new ArgumentNullException(paramName);
}
