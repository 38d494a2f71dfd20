using System.Runtime.CompilerServices;
using RunAi.TemplateDsl.Rules;

namespace RunAi.TemplateDsl.Validation;

/// <summary>Which model type a <see cref="WireFact"/> object is, or what the items of a list are.</summary>
internal enum WireShape : byte
{
    /// <summary>No members: metadata or a spec forced to null, judged as <c>{}</c>.</summary>
    None,
    CreationRequest,
    UpdateRequest,
    Template,
    CreationMeta,
    UpdateMeta,
    TemplateMeta,
    SupportedTypes,
    CreationSpec,
    TemplateSpec,
    AssetsIds,
    DataSourceId,
    Overrides,
    AssetsRef,
    EnvironmentRef,
    ComputeRef,
    DataSourceRef,
    Distributed,
    Master,
    Env,
    Connection,
    Annotation,
    Label,
    Variable,
    Credential,
    ConfigMap,
    PodFieldRef,
    PullSecret,
    NodeAffinity,
    Term,
    Expression,
    PodAffinity,
    Toleration,
    AutoScaling,
    ServingPortAccess,

    /// <summary>Items of a list of texts.</summary>
    Texts,

    /// <summary>Items of a list of tool types (texts on the wire).</summary>
    ToolTypes,
}

/// <summary>
/// The run-time front end of the rule catalog: the rules' view of a wire model object, read in place. Judging a
/// template through it builds nothing, so a passing validation allocates nothing beyond its (empty) result list. Member
/// names are the model's JSON names; the fact tree (<see cref="WireFacts"/>) is built from this view, and a test compares
/// that tree with the serialized JSON, so the names cannot drift from the model's.
/// </summary>
/// <remarks>
/// <para>
/// A violation found through this view has no path (<see cref="PathFrom"/>): the validator judges a request that breaks a
/// rule again over the tree, which places every violation. Everything is known at run time: no value is unknown, no
/// object or list is open. Metadata or a spec forced to null (the model says they are never null) is an object with no
/// members, as the API would read <c>{}</c>; a null item of a list is an absent item.
/// </para>
/// <para>
/// Sixteen bytes, so that it is returned in two registers: a reference and 64 bits. The reference is null for an absent
/// value, a tag for a number or a boolean (whose value is the bits), the string of a text, or the model object or list
/// (the bits hold the kind and the shape). A member is found by its name's hash in a small table per shape and one
/// reference comparison (the rules' names are literals, interned), then read by the shape's switch. Built on the
/// <see cref="Fact"/> tree instead, a passing validation spent two thirds of its time filling the tree.
/// </para>
/// </remarks>
internal readonly struct WireFact : IFact<WireFact>
{
    private static readonly object NumberTag = new();
    private static readonly object BooleanTag = new();
    private static readonly object EmptyObject = new();

    private readonly object? _value;
    private readonly long _bits;

    private WireFact(object? value, long bits)
    {
        _value = value;
        _bits = bits;
    }

    /// <summary>A value that is certainly not set.</summary>
    public static WireFact Absent => default;

    /// <inheritdoc/>
    public FactKind Kind => _value is null ? FactKind.Absent : ReferenceEquals(_value, NumberTag) ? FactKind.Number : (FactKind)(byte)_bits;

    /// <inheritdoc/>
    public string? Text => Kind == FactKind.Text ? Unsafe.As<string>(_value) : null;

    /// <inheritdoc/>
    public double Number => ReferenceEquals(_value, NumberTag) ? BitConverter.Int64BitsToDouble(_bits) : 0;

    /// <inheritdoc/>
    public bool IsOpen => false;

    /// <inheritdoc/>
    public int Count => Kind switch
    {
        // Every list of the model is a List<T> of a reference type: one layout, read as a list of objects.
        FactKind.Array => Unsafe.As<List<object?>>(_value)!.Count,
        FactKind.Object => CountMembers(),
        _ => 0,
    };

    /// <inheritdoc/>
    public bool IsKnown => true;

    /// <inheritdoc/>
    public bool IsPresent => _value is not null;

    /// <inheritdoc/>
    public bool IsAbsent => _value is null;

    /// <inheritdoc/>
    public bool IsTrue => ReferenceEquals(_value, BooleanTag) && (_bits & TrueBit) != 0;

    /// <inheritdoc/>
    public bool IsNotTrue => _value is null || (ReferenceEquals(_value, BooleanTag) && (_bits & TrueBit) == 0);

    /// <inheritdoc/>
    public bool CountIsKnown => Kind == FactKind.Array;

    /// <inheritdoc/>
    public object? Origin => null;

    /// <inheritdoc/>
    public object? NameOrigin => null;

    /// <inheritdoc/>
    public object? Identity => _value;

    /// <summary>The wire names of every member an object of this shape can have, set or not; none for other values.</summary>
    public IReadOnlyList<string> MemberNames => Kind == FactKind.Object ? Shapes[ShapeIndex].Names : [];

    /// <summary>The member named <c>MemberNames[slot]</c> of an object, read without looking the name up.</summary>
    public WireFact MemberInSlot(int slot) => Shapes[ShapeIndex].Get(_value!, slot);

    private const long TrueBit = 1L << 8;

    private int ShapeIndex => (int)((ulong)_bits >> 8) & 0xFF;

    /// <inheritdoc/>
    public WireFact this[int index] => Kind switch
    {
        FactKind.Array => ItemAt(index),
        FactKind.Object => MemberAt(index),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <inheritdoc/>
    public WireFact this[string name]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (byte)_bits == (byte)FactKind.Object && !ReferenceEquals(_value, NumberTag) ? Shapes[ShapeIndex].Member(_value!, name) : default;
    }

    /// <summary>A creation request.</summary>
    public static WireFact Of(WorkloadTemplateCreationRequest request) => Object(request, WireShape.CreationRequest);

    /// <summary>An update request.</summary>
    public static WireFact Of(WorkloadTemplateUpdateRequest request) => Object(request, WireShape.UpdateRequest);

    /// <summary>A template as read from the API.</summary>
    public static WireFact Of(WorkloadTemplate template) => Object(template, WireShape.Template);

    /// <inheritdoc/>
    public bool Is(string value) => Kind == FactKind.Text && string.Equals(Unsafe.As<string>(_value), value, StringComparison.Ordinal);

    /// <summary>None: a request that breaks a rule is judged again over the fact tree, which places each violation.</summary>
    public string PathFrom(WireFact root, string? member) => string.Empty;

    private static WireFact OfText(string? value) => value is null ? default : new(value, (long)FactKind.Text);

    private static WireFact OfNumber(double? value) => value is null ? default : new(NumberTag, BitConverter.DoubleToInt64Bits(value.Value));

    private static WireFact OfBoolean(bool? value) => value is null ? default : new(BooleanTag, (long)FactKind.Boolean | (value.Value ? TrueBit : 0));

    private static WireFact Object(object? value, WireShape shape) => value is null ? default : new(value, (long)FactKind.Object | ((long)shape << 8));

    /// <summary>An object even when the model holds null there (metadata, a spec): judged as one with no members.</summary>
    private static WireFact Always(object? value, WireShape shape) => value is null ? new(EmptyObject, (long)FactKind.Object) : Object(value, shape);

    /// <summary>A list, whose items are of <paramref name="items"/>.</summary>
    private static WireFact Array<TItem>(List<TItem>? value, WireShape items)
        where TItem : class => value is null ? default : new(value, (long)FactKind.Array | ((long)items << 8));

    /// <summary>The model object a shape reads, unchecked (the shape and the object are set together, in Object and Array).</summary>
    private static T As<T>(object value)
        where T : class
    {
        System.Diagnostics.Debug.Assert(value is T, "A shape reads a " + typeof(T).Name + ", not a " + value.GetType().Name + ".");
        return Unsafe.As<T>(value);
    }

    /// <summary>The members that are set, counted (only <c>HasContent</c> walks an object's members).</summary>
    private int CountMembers()
    {
        var count = 0;
        for (var slot = 0; slot < MemberNames.Count; slot++)
        {
            count += MemberInSlot(slot).IsPresent ? 1 : 0;
        }

        return count;
    }

    private WireFact MemberAt(int index)
    {
        var seen = 0;
        for (var slot = 0; slot < MemberNames.Count; slot++)
        {
            var member = MemberInSlot(slot);
            if (member.IsPresent && seen++ == index)
            {
                return member;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private WireFact ItemAt(int index)
    {
        var item = Unsafe.As<List<object?>>(_value)![index];
        var items = (WireShape)ShapeIndex;
        return items switch
        {
            WireShape.Texts => OfText(Unsafe.As<string?>(item)),
            WireShape.ToolTypes => OfText(Unsafe.As<ToolType?>(item)?.Value),
            _ => Object(item, items),
        };
    }

    /// <summary>The members of one model type: their wire names, a table that finds one by name, and how to read each.</summary>
    private abstract class Shape
    {
        // A power of two, at least twice the most members of a shape (28), so that probes stay short.
        private const int Size = 128;

        private readonly sbyte[] _slots = new sbyte[Size];

        private readonly string[] _names;

        protected Shape(string[] names)
        {
            _names = names;
            System.Array.Fill(_slots, (sbyte)-1);
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = string.Intern(names[i]);
                var h = Hash(names[i]);
                while (_slots[h] >= 0)
                {
                    h = (h + 1) & (Size - 1);
                }

                _slots[h] = (sbyte)i;
            }
        }

        public IReadOnlyList<string> Names => _names;

        /// <summary>The member named <paramref name="name"/> (an interned string) of <paramref name="value"/>, or absent.</summary>
        public WireFact Member(object value, string name)
        {
            CheckInterned(name);
            var h = Hash(name);
            int slot;
            while ((slot = _slots[h]) >= 0)
            {
                if (ReferenceEquals(_names[slot], name))
                {
                    return Get(value, slot);
                }

                h = (h + 1) & (Size - 1);
            }

            return default;
        }

        /// <summary>The member at <paramref name="slot"/> of <see cref="Names"/>, read from <paramref name="value"/>.</summary>
        public abstract WireFact Get(object value, int slot);

        [System.Diagnostics.Conditional("DEBUG")]
        private static void CheckInterned(string name)
        {
            if (!ReferenceEquals(string.IsInterned(name), name))
            {
                throw new InvalidOperationException("Member names must be interned strings (literals, or string.Intern): '" + name + "'.");
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Hash(string name) => name.Length == 0 ? 0 : ((name.Length * 7) + name[0] + (name[name.Length - 1] * 3)) & (Size - 1);
    }

    /// <summary>Metadata or a spec forced to null: an object with no members.</summary>
    private sealed class NoMembers() : Shape([])
    {
        public override WireFact Get(object value, int slot) => default;
    }

    private sealed class CreationMetaMembers() : Shape(
    [
        "name", "description", "scope", "clusterId", "departmentId", "projectId", "autoDelete",
        "workloadSupportedTypes", "private"
    ])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<AssetCreationRequest>(value).Name), // name
            1 => OfText(As<AssetCreationRequest>(value).Description), // description
            2 => OfText(As<AssetCreationRequest>(value).Scope?.Value), // scope
            3 => OfText(As<AssetCreationRequest>(value).ClusterId), // clusterId
            4 => OfText(As<AssetCreationRequest>(value).DepartmentId), // departmentId
            5 => OfNumber(As<AssetCreationRequest>(value).ProjectId), // projectId
            6 => OfBoolean(As<AssetCreationRequest>(value).AutoDelete), // autoDelete
            7 => Object(As<AssetCreationRequest>(value).WorkloadSupportedTypes, WireShape.SupportedTypes), // workloadSupportedTypes
            8 => OfBoolean(As<AssetCreationRequest>(value).Private), // private
            _ => default,
        };
    }

    /// <summary>The writable metadata of a template as read (its read-only members no rule reads).</summary>
    private sealed class TemplateMetaMembers() : Shape(
    [
        "name", "description", "scope", "clusterId", "departmentId", "projectId", "autoDelete",
        "workloadSupportedTypes", "private"
    ])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<AssetMeta>(value).Name), // name
            1 => OfText(As<AssetMeta>(value).Description), // description
            2 => OfText(As<AssetMeta>(value).Scope?.Value), // scope
            3 => OfText(As<AssetMeta>(value).ClusterId), // clusterId
            4 => OfText(As<AssetMeta>(value).DepartmentId), // departmentId
            5 => OfNumber(As<AssetMeta>(value).ProjectId), // projectId
            6 => OfBoolean(As<AssetMeta>(value).AutoDelete), // autoDelete
            7 => Object(As<AssetMeta>(value).WorkloadSupportedTypes, WireShape.SupportedTypes), // workloadSupportedTypes
            8 => OfBoolean(As<AssetMeta>(value).Private), // private
            _ => default,
        };
    }

    private sealed class OverridesMembers() : Shape(["containerPath"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<DataSourceOverrides>(value).ContainerPath), // containerPath
            _ => default,
        };
    }

    private sealed class AnnotationMembers() : Shape(["name", "value", "exclude"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<Annotation>(value).Name), // name
            1 => OfText(As<Annotation>(value).Value), // value
            2 => OfBoolean(As<Annotation>(value).Exclude), // exclude
            _ => default,
        };
    }

    private sealed class LabelMembers() : Shape(["name", "value", "exclude"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<Label>(value).Name), // name
            1 => OfText(As<Label>(value).Value), // value
            2 => OfBoolean(As<Label>(value).Exclude), // exclude
            _ => default,
        };
    }

    private sealed class PodFieldRefMembers() : Shape(["path"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<EnvironmentVariablePodFieldReference>(value).Path), // path
            _ => default,
        };
    }

    private sealed class NodeAffinityMembers() : Shape(["nodeSelectorTerms"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Array(As<NodeAffinityRequired>(value).NodeSelectorTerms, WireShape.Term), // nodeSelectorTerms
            _ => default,
        };
    }

    private sealed class TermMembers() : Shape(["matchExpressions"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Array(As<NodeSelectorTerm>(value).MatchExpressions, WireShape.Expression), // matchExpressions
            _ => default,
        };
    }

    private sealed class CreationRequestMembers() : Shape(["meta", "spec"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Always(As<WorkloadTemplateCreationRequest>(value).Meta, WireShape.CreationMeta), // meta
            1 => Always(As<WorkloadTemplateCreationRequest>(value).Spec, WireShape.CreationSpec), // spec
            _ => default,
        };
    }

    private sealed class UpdateRequestMembers() : Shape(["meta", "spec"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Always(As<WorkloadTemplateUpdateRequest>(value).Meta, WireShape.UpdateMeta), // meta
            1 => Always(As<WorkloadTemplateUpdateRequest>(value).Spec, WireShape.CreationSpec), // spec
            _ => default,
        };
    }

    private sealed class TemplateMembers() : Shape(["meta", "spec"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Always(As<WorkloadTemplate>(value).Meta, WireShape.TemplateMeta), // meta
            1 => Always(As<WorkloadTemplate>(value).Spec, WireShape.TemplateSpec), // spec
            _ => default,
        };
    }

    private sealed class UpdateMetaMembers() : Shape(["name", "description"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<AssetUpdateRequest>(value).Name), // name
            1 => OfText(As<AssetUpdateRequest>(value).Description), // description
            _ => default,
        };
    }

    private sealed class SupportedTypesMembers() : Shape(["inference", "workspace", "training", "distributed", "distFramework"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfBoolean(As<WorkloadSupportedTypes>(value).Inference), // inference
            1 => OfBoolean(As<WorkloadSupportedTypes>(value).Workspace), // workspace
            2 => OfBoolean(As<WorkloadSupportedTypes>(value).Training), // training
            3 => OfBoolean(As<WorkloadSupportedTypes>(value).Distributed), // distributed
            4 => OfText(As<WorkloadSupportedTypes>(value).DistFramework?.Value), // distFramework
            _ => default,
        };
    }

    private sealed class CreationSpecMembers() : Shape(["assets", "specificEnv", "distributed"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Object(As<SpecificRunCreationFields>(value).Assets, WireShape.AssetsIds), // assets
            1 => Object(As<SpecificRunCreationFields>(value).SpecificEnv, WireShape.Env), // specificEnv
            2 => Object(As<SpecificRunCreationFields>(value).Distributed, WireShape.Distributed), // distributed
            _ => default,
        };
    }

    private sealed class TemplateSpecMembers() : Shape(["assets", "specificEnv", "distributed"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Object(As<SpecificRunInfoFields>(value).Assets, WireShape.AssetsRef), // assets
            1 => Object(As<SpecificRunInfoFields>(value).SpecificEnv, WireShape.Env), // specificEnv
            2 => Object(As<SpecificRunInfoFields>(value).Distributed, WireShape.Distributed), // distributed
            _ => default,
        };
    }

    private sealed class AssetsIdsMembers() : Shape(["environment", "compute", "datasources", "workloadVolumes"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<AssetsIds>(value).Environment), // environment
            1 => OfText(As<AssetsIds>(value).Compute), // compute
            2 => Array(As<AssetsIds>(value).Datasources, WireShape.DataSourceId), // datasources
            3 => Array(As<AssetsIds>(value).WorkloadVolumes, WireShape.Texts), // workloadVolumes
            _ => default,
        };
    }

    private sealed class DataSourceIdMembers() : Shape(["id", "kind", "overrides"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<AssetIdAndKind>(value).Id), // id
            1 => OfText(As<AssetIdAndKind>(value).Kind?.Value), // kind
            2 => Object(As<AssetIdAndKind>(value).Overrides, WireShape.Overrides), // overrides
            _ => default,
        };
    }

    private sealed class AssetsRefMembers() : Shape(["environment", "compute", "datasources", "workloadVolumes"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Object(As<AssetsRef>(value).Environment, WireShape.EnvironmentRef), // environment
            1 => Object(As<AssetsRef>(value).Compute, WireShape.ComputeRef), // compute
            2 => Array(As<AssetsRef>(value).Datasources, WireShape.DataSourceRef), // datasources
            3 => Array(As<AssetsRef>(value).WorkloadVolumes, WireShape.Texts), // workloadVolumes
            _ => default,
        };
    }

    private sealed class EnvironmentRefMembers() : Shape(["id", "name", "toolTypes"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<EnvironmentAssetRef>(value).Id), // id
            1 => OfText(As<EnvironmentAssetRef>(value).Name), // name
            2 => Array(As<EnvironmentAssetRef>(value).ToolTypes, WireShape.ToolTypes), // toolTypes
            _ => default,
        };
    }

    private sealed class ComputeRefMembers() : Shape(["id", "name"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<AssetRef>(value).Id), // id
            1 => OfText(As<AssetRef>(value).Name), // name
            _ => default,
        };
    }

    private sealed class DataSourceRefMembers() : Shape(["id", "name", "kind", "overrides"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<DatasourceRef>(value).Id), // id
            1 => OfText(As<DatasourceRef>(value).Name), // name
            2 => OfText(As<DatasourceRef>(value).Kind?.Value), // kind
            3 => Object(As<DatasourceRef>(value).Overrides, WireShape.Overrides), // overrides
            _ => default,
        };
    }

    private sealed class DistributedMembers() : Shape(["numWorkers", "noMaster", "distFramework", "master"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfNumber(As<InfoDistributed>(value).NumWorkers), // numWorkers
            1 => OfBoolean(As<InfoDistributed>(value).NoMaster), // noMaster
            2 => OfText(As<InfoDistributed>(value).DistFramework?.Value), // distFramework
            3 => Object(As<InfoDistributed>(value).Master, WireShape.Master), // master
            _ => default,
        };
    }

    private sealed class MasterMembers() : Shape(["assets", "specificEnv"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Object(As<InfoDistMaster>(value).Assets, WireShape.AssetsRef), // assets
            1 => Object(As<InfoDistMaster>(value).SpecificEnv, WireShape.Env), // specificEnv
            _ => default,
        };
    }

    private sealed class EnvMembers() : Shape(
    [
        "connections", "annotations", "args", "autoDeletionTimeAfterCompletionSeconds", "backoffLimit", "category",
        "command", "completions", "environmentVariables", "imagePullSecrets", "labels", "nodeAffinityRequired",
        "nodePools", "nodeType", "parallelism", "podAffinity", "preemptibility", "priorityClass", "restartPolicy",
        "runAsGid", "runAsUid", "supplementalGroups", "terminateAfterPreemption", "terminationGracePeriodSeconds",
        "tolerations", "allowOverQuota", "autoScaling", "servingPortAccess"
    ])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => Array(As<SpecificRunParams>(value).Connections, WireShape.Connection), // connections
            1 => Array(As<SpecificRunParams>(value).Annotations, WireShape.Annotation), // annotations
            2 => OfText(As<SpecificRunParams>(value).Args), // args
            3 => OfNumber(As<SpecificRunParams>(value).AutoDeletionTimeAfterCompletionSeconds), // autoDeletionTimeAfterCompletionSeconds
            4 => OfNumber(As<SpecificRunParams>(value).BackoffLimit), // backoffLimit
            5 => OfText(As<SpecificRunParams>(value).Category), // category
            6 => OfText(As<SpecificRunParams>(value).Command), // command
            7 => OfNumber(As<SpecificRunParams>(value).Completions), // completions
            8 => Array(As<SpecificRunParams>(value).EnvironmentVariables, WireShape.Variable), // environmentVariables
            9 => Array(As<SpecificRunParams>(value).ImagePullSecrets, WireShape.PullSecret), // imagePullSecrets
            10 => Array(As<SpecificRunParams>(value).Labels, WireShape.Label), // labels
            11 => Object(As<SpecificRunParams>(value).NodeAffinityRequired, WireShape.NodeAffinity), // nodeAffinityRequired
            12 => Array(As<SpecificRunParams>(value).NodePools, WireShape.Texts), // nodePools
            13 => OfText(As<SpecificRunParams>(value).NodeType), // nodeType
            14 => OfNumber(As<SpecificRunParams>(value).Parallelism), // parallelism
            15 => Object(As<SpecificRunParams>(value).PodAffinity, WireShape.PodAffinity), // podAffinity
            16 => OfText(As<SpecificRunParams>(value).Preemptibility?.Value), // preemptibility
            17 => OfText(As<SpecificRunParams>(value).PriorityClass), // priorityClass
            18 => OfText(As<SpecificRunParams>(value).RestartPolicy?.Value), // restartPolicy
            19 => OfNumber(As<SpecificRunParams>(value).RunAsGid), // runAsGid
            20 => OfNumber(As<SpecificRunParams>(value).RunAsUid), // runAsUid
            21 => OfText(As<SpecificRunParams>(value).SupplementalGroups), // supplementalGroups
            22 => OfBoolean(As<SpecificRunParams>(value).TerminateAfterPreemption), // terminateAfterPreemption
            23 => OfNumber(As<SpecificRunParams>(value).TerminationGracePeriodSeconds), // terminationGracePeriodSeconds
            24 => Array(As<SpecificRunParams>(value).Tolerations, WireShape.Toleration), // tolerations
            25 => OfBoolean(As<SpecificRunParams>(value).AllowOverQuota), // allowOverQuota
            26 => Object(As<SpecificRunParams>(value).AutoScaling, WireShape.AutoScaling), // autoScaling
            27 => Object(As<SpecificRunParams>(value).ServingPortAccess, WireShape.ServingPortAccess), // servingPortAccess
            _ => default,
        };
    }

    private sealed class ConnectionMembers() : Shape(["name", "nodePort", "externalUrl", "authorizedUsers", "authorizedGroups"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<SpecificRunConnectionInfo>(value).Name), // name
            1 => OfNumber(As<SpecificRunConnectionInfo>(value).NodePort), // nodePort
            2 => OfText(As<SpecificRunConnectionInfo>(value).ExternalUrl), // externalUrl
            3 => Array(As<SpecificRunConnectionInfo>(value).AuthorizedUsers, WireShape.Texts), // authorizedUsers
            4 => Array(As<SpecificRunConnectionInfo>(value).AuthorizedGroups, WireShape.Texts), // authorizedGroups
            _ => default,
        };
    }

    private sealed class VariableMembers() : Shape(["name", "value", "credential", "configMap", "podFieldRef", "exclude", "description"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<EnvironmentVariableOfAsset>(value).Name), // name
            1 => OfText(As<EnvironmentVariableOfAsset>(value).Value), // value
            2 => Object(As<EnvironmentVariableOfAsset>(value).Credential, WireShape.Credential), // credential
            3 => Object(As<EnvironmentVariableOfAsset>(value).ConfigMap, WireShape.ConfigMap), // configMap
            4 => Object(As<EnvironmentVariableOfAsset>(value).PodFieldRef, WireShape.PodFieldRef), // podFieldRef
            5 => OfBoolean(As<EnvironmentVariableOfAsset>(value).Exclude), // exclude
            6 => OfText(As<EnvironmentVariableOfAsset>(value).Description), // description
            _ => default,
        };
    }

    private sealed class CredentialMembers() : Shape(["assetId", "key"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<EnvironmentVariableCredential>(value).AssetId), // assetId
            1 => OfText(As<EnvironmentVariableCredential>(value).Key), // key
            _ => default,
        };
    }

    private sealed class ConfigMapMembers() : Shape(["name", "key"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<EnvironmentVariableConfigMap>(value).Name), // name
            1 => OfText(As<EnvironmentVariableConfigMap>(value).Key), // key
            _ => default,
        };
    }

    private sealed class PullSecretMembers() : Shape(["name", "userCredential", "exclude"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<ImagePullSecret>(value).Name), // name
            1 => OfBoolean(As<ImagePullSecret>(value).UserCredential), // userCredential
            2 => OfBoolean(As<ImagePullSecret>(value).Exclude), // exclude
            _ => default,
        };
    }

    private sealed class ExpressionMembers() : Shape(["key", "operator", "values"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<MatchExpression>(value).Key), // key
            1 => OfText(As<MatchExpression>(value).Operator?.Value), // operator
            2 => Array(As<MatchExpression>(value).Values, WireShape.Texts), // values
            _ => default,
        };
    }

    private sealed class PodAffinityMembers() : Shape(["type", "key"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<PodAffinity>(value).Type?.Value), // type
            1 => OfText(As<PodAffinity>(value).Key), // key
            _ => default,
        };
    }

    private sealed class TolerationMembers() : Shape(["name", "operator", "key", "value", "effect", "seconds", "exclude"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<Toleration>(value).Name), // name
            1 => OfText(As<Toleration>(value).Operator?.Value), // operator
            2 => OfText(As<Toleration>(value).Key), // key
            3 => OfText(As<Toleration>(value).Value), // value
            4 => OfText(As<Toleration>(value).Effect?.Value), // effect
            5 => OfNumber(As<Toleration>(value).Seconds), // seconds
            6 => OfBoolean(As<Toleration>(value).Exclude), // exclude
            _ => default,
        };
    }

    private sealed class AutoScalingMembers() : Shape(
    [
        "metricThresholdPercentage", "minReplicas", "maxReplicas", "initialReplicas", "activationReplicas",
        "concurrencyHardLimit", "scaleToZeroRetentionSeconds", "scaleDownDelaySeconds", "initializationTimeoutSeconds",
        "thresholdMetric", "thresholdValue"
    ])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfNumber(As<SpecificRunAutoScaling>(value).MetricThresholdPercentage), // metricThresholdPercentage
            1 => OfNumber(As<SpecificRunAutoScaling>(value).MinReplicas), // minReplicas
            2 => OfNumber(As<SpecificRunAutoScaling>(value).MaxReplicas), // maxReplicas
            3 => OfNumber(As<SpecificRunAutoScaling>(value).InitialReplicas), // initialReplicas
            4 => OfNumber(As<SpecificRunAutoScaling>(value).ActivationReplicas), // activationReplicas
            5 => OfNumber(As<SpecificRunAutoScaling>(value).ConcurrencyHardLimit), // concurrencyHardLimit
            6 => OfNumber(As<SpecificRunAutoScaling>(value).ScaleToZeroRetentionSeconds), // scaleToZeroRetentionSeconds
            7 => OfNumber(As<SpecificRunAutoScaling>(value).ScaleDownDelaySeconds), // scaleDownDelaySeconds
            8 => OfNumber(As<SpecificRunAutoScaling>(value).InitializationTimeoutSeconds), // initializationTimeoutSeconds
            9 => OfText(As<SpecificRunAutoScaling>(value).ThresholdMetric), // thresholdMetric
            10 => OfNumber(As<SpecificRunAutoScaling>(value).ThresholdValue), // thresholdValue
            _ => default,
        };
    }

    private sealed class ServingPortAccessMembers() : Shape(["authorizationType", "authorizedUsers", "authorizedGroups", "clusterLocalAccessOnly"])
    {
        public override WireFact Get(object value, int slot) => slot switch
        {
            0 => OfText(As<ServingPortAccess>(value).AuthorizationType?.Value), // authorizationType
            1 => Array(As<ServingPortAccess>(value).AuthorizedUsers, WireShape.Texts), // authorizedUsers
            2 => Array(As<ServingPortAccess>(value).AuthorizedGroups, WireShape.Texts), // authorizedGroups
            3 => OfBoolean(As<ServingPortAccess>(value).ClusterLocalAccessOnly), // clusterLocalAccessOnly
            _ => default,
        };
    }

    /// <summary>The shapes, indexed by <see cref="WireShape"/>.</summary>
    private static readonly Shape[] Shapes = Enumerable.Range(0, (int)WireShape.Texts).Select(i => ShapeOf((WireShape)i)).ToArray();

    private static Shape ShapeOf(WireShape shape) => shape switch
    {
        WireShape.None => new NoMembers(),
        WireShape.CreationRequest => new CreationRequestMembers(),
        WireShape.UpdateRequest => new UpdateRequestMembers(),
        WireShape.Template => new TemplateMembers(),
        WireShape.CreationMeta => new CreationMetaMembers(),
        WireShape.UpdateMeta => new UpdateMetaMembers(),
        WireShape.TemplateMeta => new TemplateMetaMembers(),
        WireShape.SupportedTypes => new SupportedTypesMembers(),
        WireShape.CreationSpec => new CreationSpecMembers(),
        WireShape.TemplateSpec => new TemplateSpecMembers(),
        WireShape.AssetsIds => new AssetsIdsMembers(),
        WireShape.DataSourceId => new DataSourceIdMembers(),
        WireShape.Overrides => new OverridesMembers(),
        WireShape.AssetsRef => new AssetsRefMembers(),
        WireShape.EnvironmentRef => new EnvironmentRefMembers(),
        WireShape.ComputeRef => new ComputeRefMembers(),
        WireShape.DataSourceRef => new DataSourceRefMembers(),
        WireShape.Distributed => new DistributedMembers(),
        WireShape.Master => new MasterMembers(),
        WireShape.Env => new EnvMembers(),
        WireShape.Connection => new ConnectionMembers(),
        WireShape.Annotation => new AnnotationMembers(),
        WireShape.Label => new LabelMembers(),
        WireShape.Variable => new VariableMembers(),
        WireShape.Credential => new CredentialMembers(),
        WireShape.ConfigMap => new ConfigMapMembers(),
        WireShape.PodFieldRef => new PodFieldRefMembers(),
        WireShape.PullSecret => new PullSecretMembers(),
        WireShape.NodeAffinity => new NodeAffinityMembers(),
        WireShape.Term => new TermMembers(),
        WireShape.Expression => new ExpressionMembers(),
        WireShape.PodAffinity => new PodAffinityMembers(),
        WireShape.Toleration => new TolerationMembers(),
        WireShape.AutoScaling => new AutoScalingMembers(),
        WireShape.ServingPortAccess => new ServingPortAccessMembers(),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Not an object shape."),
    };
}
