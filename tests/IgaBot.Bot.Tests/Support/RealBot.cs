using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Bot.Tests.Support;

/// <summary>
/// The real bot host, as Program builds it, on Kestrel (127.0.0.1, a free port) with its databases in
/// <paramref name="folder"/>, expiry checked every 2 seconds, and any further <paramref name="settings"/>. With a
/// <paramref name="clock"/>, the bot's services read the time from it (Quartz keeps the machine's clock).
/// </summary>
internal sealed class RealBot(string folder, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null)
    : WebApplicationFactory<Program>
{
    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(folder, "igabot.db")}");
        builder.UseSetting("Scheduling:ConnectionString", $"Data Source={Path.Combine(folder, "quartz.db")}");
        builder.UseSetting("Scheduling:SweepInterval", "00:00:02");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (clock is not null) builder.ConfigureServices(services => services.AddSingleton(clock));
    }
}

/// <summary>
/// The machine's clock moved forward by as much as a test says: what the bot reads as "now" jumps, while its timers
/// and delays keep running in real time (a frozen fake clock would stop the bot's own polling loops).
/// </summary>
internal sealed class JumpingClock : TimeProvider
{
    private long _aheadTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _aheadTicks));

    public void Jump(TimeSpan by) => Interlocked.Add(ref _aheadTicks, by.Ticks);
}

/// <summary>A temp folder for one test's files, deleted afterwards (SQLite's pooled handles closed first).</summary>
internal sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
