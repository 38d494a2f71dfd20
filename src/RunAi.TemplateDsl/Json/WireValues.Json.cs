using System.Text.Json.Serialization;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl;

[JsonConverter(typeof(WireValueConverter<Scope>))]
public sealed partial class Scope : IWireValueFactory<Scope> { static Scope IWireValueFactory<Scope>.Create(string value) => FromWire(value, KnownValues, static v => new Scope(v)); }

[JsonConverter(typeof(WireValueConverter<AssetKind>))]
public sealed partial class AssetKind : IWireValueFactory<AssetKind> { static AssetKind IWireValueFactory<AssetKind>.Create(string value) => FromWire(value, KnownValues, static v => new AssetKind(v)); }

[JsonConverter(typeof(WireValueConverter<ToolType>))]
public sealed partial class ToolType : IWireValueFactory<ToolType> { static ToolType IWireValueFactory<ToolType>.Create(string value) => FromWire(value, KnownValues, static v => new ToolType(v)); }

[JsonConverter(typeof(WireValueConverter<DistributedFramework>))]
public sealed partial class DistributedFramework : IWireValueFactory<DistributedFramework> { static DistributedFramework IWireValueFactory<DistributedFramework>.Create(string value) => FromWire(value, KnownValues, static v => new DistributedFramework(v)); }

[JsonConverter(typeof(WireValueConverter<MatchOperator>))]
public sealed partial class MatchOperator : IWireValueFactory<MatchOperator> { static MatchOperator IWireValueFactory<MatchOperator>.Create(string value) => FromWire(value, KnownValues, static v => new MatchOperator(v)); }

[JsonConverter(typeof(WireValueConverter<PodAffinityType>))]
public sealed partial class PodAffinityType : IWireValueFactory<PodAffinityType> { static PodAffinityType IWireValueFactory<PodAffinityType>.Create(string value) => FromWire(value, KnownValues, static v => new PodAffinityType(v)); }

[JsonConverter(typeof(WireValueConverter<Preemptibility>))]
public sealed partial class Preemptibility : IWireValueFactory<Preemptibility> { static Preemptibility IWireValueFactory<Preemptibility>.Create(string value) => FromWire(value, KnownValues, static v => new Preemptibility(v)); }

[JsonConverter(typeof(WireValueConverter<RestartPolicy>))]
public sealed partial class RestartPolicy : IWireValueFactory<RestartPolicy> { static RestartPolicy IWireValueFactory<RestartPolicy>.Create(string value) => FromWire(value, KnownValues, static v => new RestartPolicy(v)); }

[JsonConverter(typeof(WireValueConverter<TolerationOperator>))]
public sealed partial class TolerationOperator : IWireValueFactory<TolerationOperator> { static TolerationOperator IWireValueFactory<TolerationOperator>.Create(string value) => FromWire(value, KnownValues, static v => new TolerationOperator(v)); }

[JsonConverter(typeof(WireValueConverter<TolerationEffect>))]
public sealed partial class TolerationEffect : IWireValueFactory<TolerationEffect> { static TolerationEffect IWireValueFactory<TolerationEffect>.Create(string value) => FromWire(value, KnownValues, static v => new TolerationEffect(v)); }

[JsonConverter(typeof(WireValueConverter<AuthorizationType>))]
public sealed partial class AuthorizationType : IWireValueFactory<AuthorizationType> { static AuthorizationType IWireValueFactory<AuthorizationType>.Create(string value) => FromWire(value, KnownValues, static v => new AuthorizationType(v)); }
