using System.Text.Json.Serialization.Metadata;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl.Emulator.Http;

/// <summary>Writes answers in the wire format of the model.</summary>
internal static class ApiResults
{
    public static Task ErrorAsync(HttpContext context, int status, string message, string? details = null) =>
        JsonAsync(context, status, new ApiError { Code = status, Message = message, Details = details }, TemplateJsonContext.Default.ApiError);

    public static Task JsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, typeInfo, contentType: "application/json", context.RequestAborted);
    }
}
