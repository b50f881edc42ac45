using IgaBot.Bot.Cli;
using IgaBot.Bot.Hosting;
using IgaBot.Bot.Playground;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddIgaSettings();
builder.Services.AddIgaTenant();
builder.Services.AddPlayground(builder.Configuration, builder.Environment);

var app = builder.Build();
app.MapHealth();
app.MapPlayground();
await app.RunAsync();
return 0;

public partial class Program;
