using System.Text.Json;
using RunAi.TemplateDsl;
using TemplatesAsCode;

// Builds every template of the set (Build() enforces the rule catalog), then prints each
// creation request as the exact JSON sent to POST /api/v1/asset/workload-template.
var failures = 0;
foreach (var template in Templates.All)
{
    try
    {
        var request = template.Build();
        foreach (var note in template.Validate())
        {
            Console.Error.WriteLine($"{template.Name}: {note}");
        }

        using var document = JsonDocument.Parse(TemplateJson.Serialize(request));
        Console.WriteLine($"# {request.Meta.Name} ({request.Meta.Scope})");
        Console.WriteLine(JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true }));
    }
    catch (TemplateValidationException e)
    {
        failures++;
        Console.Error.WriteLine(e.Message);
    }
}

Console.WriteLine($"{Templates.All.Count - failures} of {Templates.All.Count} templates valid.");
return failures == 0 ? 0 : 1;
