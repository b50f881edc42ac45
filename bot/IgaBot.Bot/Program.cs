using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.RateLimits;
using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Bot.AdminConsole;
using IgaBot.Bot.Cli;
using IgaBot.Bot.Hosting;
using IgaBot.Bot.Playground;
using IgaBot.Bot.Teams;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(CommandLine.FromDirectory(args, CommandLine.CallerDirectory()), Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddIgaSettings();
builder.Services.AddIgaServices(builder.Configuration);
// Per-person budgets for turns, card clicks and model calls, for every channel (the CLI runs without them).
builder.Services.AddIgaRateLimits(builder.Configuration);
// Instances sharing the database run on the tenant published there; file changes reach all of them.
builder.Services.AddIgaSharedTenant();
builder.Services.AddIgaHealth();
builder.Services.AddIgaTelemetry(builder.Configuration);
builder.Services.AddIgaScheduling(builder.Configuration);
// Channels, in the order the notifier tries them: Teams (and the playground, which speaks to the same adapter), then Slack.
builder.Services.AddTeamsChannel(builder.Configuration, builder.Environment);
if (TeamsOptions.IsEnabled(builder.Configuration))
    builder.Services.AddSingleton(sp => new ChannelNotifierEntry("teams", sp.GetRequiredService<TeamsNotifier>()));
if (SlackOptions.IsConfigured(builder.Configuration))
{
    builder.Services.AddSlackChannel(builder.Configuration);
    builder.Services.AddSingleton<IAppHomeData, StoreAppHomeData>();
    builder.Services.AddSingleton(sp => new ChannelNotifierEntry("slack", sp.GetRequiredService<SlackNotifier>()));
}
builder.Services.AddPlayground(builder.Configuration, builder.Environment);
// The console for IT and app owners (/console): Entra ID sign-in, or the playground persona in Development.
builder.Services.AddIgaConsole(builder.Configuration, builder.Environment);

var app = builder.Build();
app.MapHealth();
app.MapTeamsChannel();
if (SlackOptions.IsConfigured(app.Configuration)) app.MapSlackChannel();
app.MapPlayground();
app.MapIgaConsole();
await app.RunAsync();
return 0;

public partial class Program;
