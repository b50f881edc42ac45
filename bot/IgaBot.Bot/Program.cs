using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Storage;
using IgaBot.Bot.Cli;
using IgaBot.Bot.Hosting;
using IgaBot.Bot.Playground;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddIgaSettings();
builder.Services.AddIgaTenant();
builder.Services.AddIgaStorage(builder.Configuration);
builder.Services.AddSingleton<IHealthCheckPart, DatabaseHealth>();
if (SlackOptions.IsConfigured(builder.Configuration)) builder.Services.AddSlackChannel(builder.Configuration);
builder.Services.AddPlayground(builder.Configuration, builder.Environment);

var app = builder.Build();
app.MapHealth();
if (SlackOptions.IsConfigured(app.Configuration)) app.MapSlackChannel();
app.MapPlayground();
await app.RunAsync();
return 0;

public partial class Program;
