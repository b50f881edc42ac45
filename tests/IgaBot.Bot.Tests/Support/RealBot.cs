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
/// <paramref name="folder"/>, expiry checked every 2 seconds, and any further <paramref name="settings"/>.
/// </summary>
internal sealed class RealBot(string folder, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
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
    }
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
