using RunAi.TemplateDsl;

var request = new WorkloadTemplateCreationRequest
{
    Meta = new AssetCreationRequest { Name = "notebook", Scope = Scope.Tenant },
    Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d" } },
};
Console.WriteLine(TemplateJson.Serialize(request));
