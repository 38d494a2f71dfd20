using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl.Json;

/// <summary>
/// The source-generated System.Text.Json context of the wire model: camelCase names as in the API description, matched
/// exactly on read (<c>NAME</c> is not <c>name</c> but a member the model does not know, kept as such), null members
/// omitted on write, nullable annotations and required members enforced on read.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(WireDateTimeOffsetConverter), typeof(FiniteDoubleConverter)])]
[JsonSerializable(typeof(WorkloadTemplate))]
[JsonSerializable(typeof(WorkloadTemplateListResponse))]
[JsonSerializable(typeof(WorkloadTemplateCreationRequest))]
[JsonSerializable(typeof(WorkloadTemplateUpdateRequest))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ApiResponse))]
[JsonSerializable(typeof(SpecificRunParams))]
[JsonSerializable(typeof(InfoDistributed))]
public sealed partial class TemplateJsonContext : JsonSerializerContext;
