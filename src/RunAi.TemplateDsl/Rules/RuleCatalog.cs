using System.Collections.Generic;

namespace RunAi.TemplateDsl.Rules;

/// <summary>A rule of the catalog: stable id, severity and title (docs/rules/RAIxxxx.md explains it).</summary>
internal sealed class RuleDescriptor
{
    public RuleDescriptor(string id, RuleSeverity severity, string title)
    {
        Id = id;
        Severity = severity;
        Title = title;
    }

    public string Id { get; }

    public RuleSeverity Severity { get; }

    public string Title { get; }

    /// <summary>The category the analyzer reports the rule under.</summary>
    public string Category => Id.Substring(0, 4) switch
    {
        "RAI0" => "Schema",
        "RAI1" => "Scope",
        "RAI2" => "Distributed",
        "RAI3" => "Scheduling",
        "RAI4" => "Autoscaling",
        "RAI5" => "Access",
        _ => "Container",
    };

    /// <summary>The rule's documentation page, relative to the repository root.</summary>
    public string DocPath => "docs/rules/" + Id + ".md";
}

/// <summary>Every rule of RULES.md, with its id, severity and title. One catalog for Build() and the analyzer.</summary>
internal static class RuleCatalog
{
    public static readonly RuleDescriptor RAI0001 = new("RAI0001", RuleSeverity.Error, "A mandatory field is missing or blank");

    public static readonly RuleDescriptor RAI0002 = new("RAI0002", RuleSeverity.Error, "Text length out of bounds");

    public static readonly RuleDescriptor RAI0003 = new("RAI0003", RuleSeverity.Error, "Text does not match the required pattern");

    public static readonly RuleDescriptor RAI0004 = new("RAI0004", RuleSeverity.Error, "Number out of range");

    public static readonly RuleDescriptor RAI0005 = new("RAI0005", RuleSeverity.Error, "Too many items (maxItems 1000)");

    public static readonly RuleDescriptor RAI0006 = new("RAI0006", RuleSeverity.Error, "Not a UUID");

    public static readonly RuleDescriptor RAI1001 = new("RAI1001", RuleSeverity.Error, "The scope needs its identifier: project → projectId, department → departmentId, cluster → clusterId");

    public static readonly RuleDescriptor RAI1002 = new("RAI1002", RuleSeverity.Warning, "Scope system is intended for internal purposes only");

    public static readonly RuleDescriptor RAI1003 = new("RAI1003", RuleSeverity.Error, "A template needs an environment asset");

    public static readonly RuleDescriptor RAI1004 = new("RAI1004", RuleSeverity.Error, "A data source's kind must be a data-source kind: s3, git, nfs, pvc, hostPath, config-map, secret-volume, data-volume");

    public static readonly RuleDescriptor RAI1005 = new("RAI1005", RuleSeverity.Warning, "The same data source id is attached twice");

    public static readonly RuleDescriptor RAI2001 = new("RAI2001", RuleSeverity.Error, "A distributed template needs at least one worker");

    public static readonly RuleDescriptor RAI2002 = new("RAI2002", RuleSeverity.Error, "JAX cannot be declared as a template's supported framework (workloadSupportedTypes.distFramework allows MPI, PyTorch, TF, XGBoost)");

    public static readonly RuleDescriptor RAI2003 = new("RAI2003", RuleSeverity.Error, "Master settings conflict with noMaster");

    public static readonly RuleDescriptor RAI2004 = new("RAI2004", RuleSeverity.Error, "workloadSupportedTypes.distFramework needs distributed=true, and must agree with spec.distributed.distFramework");

    public static readonly RuleDescriptor RAI2005 = new("RAI2005", RuleSeverity.Warning, "completions and parallelism apply to standard training only (set here on a distributed or non-training template)");

    public static readonly RuleDescriptor RAI2006 = new("RAI2006", RuleSeverity.Warning, "backoffLimit does not apply to inference (set on an inference-only template)");

    public static readonly RuleDescriptor RAI3001 = new("RAI3001", RuleSeverity.Error, "In / NotIn need at least one value");

    public static readonly RuleDescriptor RAI3002 = new("RAI3002", RuleSeverity.Error, "Exists / DoesNotExist take no values");

    public static readonly RuleDescriptor RAI3003 = new("RAI3003", RuleSeverity.Error, "Gt / Lt take exactly one value");

    public static readonly RuleDescriptor RAI3004 = new("RAI3004", RuleSeverity.Error, "The Gt / Lt value must be an integer");

    public static readonly RuleDescriptor RAI3005 = new("RAI3005", RuleSeverity.Warning, "An empty node selector term matches no nodes");

    public static readonly RuleDescriptor RAI3006 = new("RAI3006", RuleSeverity.Error, "priorityClass must be one of very-low, low, medium-low, medium, medium-high, high, very-high");

    public static readonly RuleDescriptor RAI3007 = new("RAI3007", RuleSeverity.Info, "priorityClass is set but preemptibility is not: preemptibility is not updated with the priority");

    public static readonly RuleDescriptor RAI3008 = new("RAI3008", RuleSeverity.Error, "A toleration with operator Exists must not have a value");

    public static readonly RuleDescriptor RAI3009 = new("RAI3009", RuleSeverity.Error, "toleration seconds are valid only with effect NoExecute");

    public static readonly RuleDescriptor RAI3010 = new("RAI3010", RuleSeverity.Warning, "The same node pool is listed twice");

    public static readonly RuleDescriptor RAI4001 = new("RAI4001", RuleSeverity.Error, "scaleToZeroRetentionSeconds needs minReplicas 0 (the default is 1)");

    public static readonly RuleDescriptor RAI4002 = new("RAI4002", RuleSeverity.Error, "maxReplicas must be ≥ minReplicas");

    public static readonly RuleDescriptor RAI4003 = new("RAI4003", RuleSeverity.Error, "A thresholdMetric is required when minReplicas < maxReplicas, except minReplicas 0 with maxReplicas 1");

    public static readonly RuleDescriptor RAI4004 = new("RAI4004", RuleSeverity.Error, "Scale-to-zero (minReplicas 0) works only with the throughput or concurrency metric");

    public static readonly RuleDescriptor RAI4005 = new("RAI4005", RuleSeverity.Error, "metricThresholdPercentage applies only to the throughput and concurrency metrics");

    public static readonly RuleDescriptor RAI4006 = new("RAI4006", RuleSeverity.Error, "thresholdMetric and thresholdValue go together");

    public static readonly RuleDescriptor RAI4007 = new("RAI4007", RuleSeverity.Error, "initialReplicas and activationReplicas must not exceed maxReplicas");

    public static readonly RuleDescriptor RAI4008 = new("RAI4008", RuleSeverity.Warning, "initializationTimeoutSeconds is deprecated and ignored by the server");

    public static readonly RuleDescriptor RAI5001 = new("RAI5001", RuleSeverity.Error, "authorizedUsers and authorizedGroups are mutually exclusive");

    public static readonly RuleDescriptor RAI5002 = new("RAI5002", RuleSeverity.Error, "The authorizationType needs its list: authorizedUsers → users, authorizedGroups → groups, authorizedUsersOrGroups → exactly one of them");

    public static readonly RuleDescriptor RAI5003 = new("RAI5003", RuleSeverity.Warning, "Users or groups listed with authorizationType public or authenticatedUsers are ignored");

    public static readonly RuleDescriptor RAI5004 = new("RAI5004", RuleSeverity.Error, "Connection names must be unique");

    public static readonly RuleDescriptor RAI6001 = new("RAI6001", RuleSeverity.Error, "An environment variable takes one source: value, credential, configMap or podFieldRef are mutually exclusive");

    public static readonly RuleDescriptor RAI6002 = new("RAI6002", RuleSeverity.Warning, "The same environment variable name is set twice");

    public static readonly RuleDescriptor RAI6003 = new("RAI6003", RuleSeverity.Warning, "The same label or annotation name is set twice");

    public static readonly RuleDescriptor RAI6004 = new("RAI6004", RuleSeverity.Error, "supplementalGroups must be a comma-separated list of integer group ids (empty reverts to the image's groups)");

    /// <summary>All rules, in id order.</summary>
    public static readonly IReadOnlyList<RuleDescriptor> All = new[]
    {
        RAI0001,
        RAI0002,
        RAI0003,
        RAI0004,
        RAI0005,
        RAI0006,
        RAI1001,
        RAI1002,
        RAI1003,
        RAI1004,
        RAI1005,
        RAI2001,
        RAI2002,
        RAI2003,
        RAI2004,
        RAI2005,
        RAI2006,
        RAI3001,
        RAI3002,
        RAI3003,
        RAI3004,
        RAI3005,
        RAI3006,
        RAI3007,
        RAI3008,
        RAI3009,
        RAI3010,
        RAI4001,
        RAI4002,
        RAI4003,
        RAI4004,
        RAI4005,
        RAI4006,
        RAI4007,
        RAI4008,
        RAI5001,
        RAI5002,
        RAI5003,
        RAI5004,
        RAI6001,
        RAI6002,
        RAI6003,
        RAI6004,
    };
}
