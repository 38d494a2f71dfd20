using RunAi.TemplateDsl.Cli;
using TemplatesAsCode;

// The team's templates as code: `plan` shows what would change on the target, `apply` makes it so, `validate` lists
// every rule violation, `print` shows the exact JSON. The target is RUNAI_BASE_URL (with RUNAI_TOKEN, or
// RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET); without it, the embedded emulator under .runai-emulator/.
return await TemplatesHost.RunAsync(args, Templates.Set);
