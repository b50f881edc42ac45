using IgaBot.Bot.Cli;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok());
await app.RunAsync();
return 0;

public partial class Program;
